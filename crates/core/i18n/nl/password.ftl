# Meldingen van de module password_strength: waarom een nieuw wachtwoord
# geweigerd wordt, en wat de sterktemeter onder het veld zegt.
password-too-weak = Dit wachtwoord is te makkelijk te raden. { $reason } { $advice } Kies een sterker wachtwoord: het is het enige dat een gekopieerde kluis of back-up beschermt.
password-weakness-keyboard-row = Rijen toetsen, zoals “qwerty”, zijn makkelijk te raden.
password-weakness-keyboard-pattern = Korte patronen op het toetsenbord zijn makkelijk te raden.
password-weakness-repeated-character = Herhaalde tekens, zoals “aaa”, zijn makkelijk te raden.
password-weakness-repeated-group = Herhalingen als “abcabc” zijn nauwelijks moeilijker te raden dan “abc”.
password-weakness-common = Het is een van de meest gebruikte wachtwoorden.
password-weakness-like-common = Het lijkt sterk op een veelgebruikt wachtwoord.
password-weakness-sequence = Reeksen als “abc” of “6543” zijn makkelijk te raden.
password-weakness-recent-year = Recente jaartallen zijn makkelijk te raden.
password-weakness-single-word = Eén los woord is makkelijk te raden.
password-weakness-date = Datums zijn makkelijk te raden.
password-weakness-name = Voor- en achternamen zijn makkelijk te raden.
password-advice-few-words = Gebruik een paar ongewone woorden; tekens, cijfers en hoofdletters zijn niet nodig.
password-advice-another-word = Voeg nog een woord of twee toe; ongewone woorden zijn beter.
password-advice-capitals = Hoofdletters en omgekeerde woorden helpen nauwelijks.
password-advice-substitutions = Vervangingen als “@” voor “a” helpen nauwelijks.
password-advice-keyboard = Gebruik een langer toetsenbordpatroon met meer bochten.
password-advice-repeats = Vermijd herhaalde woorden en tekens.
password-advice-sequences = Vermijd reeksen.
password-advice-dates = Vermijd datums en jaartallen die met jou te maken hebben.

# Meldingen van de accountmodule.
account-no-match = Geen account past bij “{ $query }”. Controleer de naam in de lijst met accounts, of voeg het account eerst toe.
account-ambiguous = “{ $query }” past bij { $count } accounts: { $candidates }. Gebruik een langere naam, of “uitgever:account”.
account-duplicate = { $name } staat al in je kluis met hetzelfde geheim, dus het is niet nog eens toegevoegd.

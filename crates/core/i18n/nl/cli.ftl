# Meldingen van de opdrachtregel, safekeep (crates/cli). Een fout `cli-…`
# zegt wat er gebeurde en heeft een `cli-…-next` die zegt wat je nu doet;
# cli-error-then-next zet die twee op één regel. De opdrachtregel zet
# "safekeep: " voor elke fout, waarschuwing en opmerking.

cli-error-then-next = { $what }; { $next }
# Een fout van de kern (een hele zin die al zegt wat je kunt doen), gevolgd
# door de eigen volgende stap van de opdrachtregel.
cli-sentence-then-next = { $what } { $next }
cli-warning = waarschuwing: { $message }
cli-note = let op: { $message }

## Vragen in de terminal. De opdrachtregel zet een spatie na elke vraag.

cli-prompt-vault-password = Wachtwoord van de kluis:
cli-prompt-choose-vault-password = Kies een wachtwoord voor de kluis:
cli-prompt-new-vault-password = Nieuw wachtwoord voor de kluis:
cli-prompt-repeat-password = Herhaal het wachtwoord:
cli-prompt-new-backup-password = Nieuw wachtwoord voor de back-up:
cli-prompt-backup-password = Wachtwoord van de back-up:
cli-prompt-file-password = Wachtwoord van het { $format }-bestand:
cli-prompt-new-file-password = Nieuw wachtwoord voor het geëxporteerde bestand:
cli-prompt-secret = { $what } (wordt niet getoond):
cli-what-backup-token = back-uptoken
cli-what-secret-key = geheime sleutel
cli-what-link = otpauth://-link
cli-confirm-choices = {"[j/N]"}
# De antwoorden die ja betekenen, gescheiden door komma's, in kleine letters.
cli-confirm-yes = j, ja, y, yes

## Lezen wat de gebruiker geeft.

cli-stdin-unreadable = standaardinvoer kon niet worden gelezen ({ $reason })
cli-stdin-unreadable-next = controleer wat er naar de opdracht wordt doorgesluisd en voer hem opnieuw uit
cli-stdin-no-password-line = standaardinvoer heeft geen regel { $line } om het wachtwoord uit te lezen
cli-stdin-no-password-line-next = zet één wachtwoord per regel, dat van de kluis eerst
cli-stdin-no-secret = standaardinvoer heeft geen { $what } op regel { $line }
cli-stdin-no-secret-next = zet het daar (na het wachtwoord van de kluis als --password-stdin is opgegeven)
cli-secret-unreadable = de { $what } kon niet worden gelezen ({ $reason })
cli-secret-unreadable-next = voer de opdracht opnieuw uit, of geef de { $what } via standaardinvoer
cli-password-unreadable = het wachtwoord kon niet worden gelezen ({ $reason })
cli-password-unreadable-next = voer de opdracht opnieuw uit, of geef het wachtwoord via standaardinvoer
cli-passwords-differ = de twee wachtwoorden verschillen
cli-passwords-differ-next = voer de opdracht opnieuw uit
cli-no-home = er is geen thuismap gevonden voor de kluis
cli-no-home-next = zet SAFEKEEP_DATA_DIR op een map om hem in te bewaren
cli-no-terminal-for-vault-password = (Er is geen terminal om het te vragen: geef het wachtwoord op de eerste regel van standaardinvoer, met --password-stdin.)
cli-weak-password-ok = Wil je het toch gebruiken, geef dan --weak-password-ok op.

## De kluis: init en wachtwoord.

cli-init-no-keychain = de sleutelhanger van het systeem kan niet worden gebruikt ({ $problem }); de kluis wordt in plaats daarvan met een wachtwoord beveiligd.
cli-init-password-needed = er is een wachtwoord nodig omdat de sleutelhanger van het systeem niet kan worden gebruikt, en er is geen terminal om het te vragen
cli-init-password-needed-next = geef het op de eerste regel van standaardinvoer, met --password-stdin
cli-created-vault-keychain-and-password = De kluis is gemaakt op { $path } (de sleutel staat in de sleutelhanger van je systeem, en het wachtwoord opent hem ook).
cli-created-vault-keychain = De kluis is gemaakt op { $path } (de sleutel staat in de sleutelhanger van je systeem).
cli-created-vault-password = De kluis is gemaakt op { $path } (hij opent met je wachtwoord).
cli-new-password-needed = er is een nieuw wachtwoord nodig en er is geen terminal om het te vragen
cli-new-password-needed-next = geef het via standaardinvoer met --new-password-stdin (op de regel na het wachtwoord van de kluis als ook --password-stdin is opgegeven)
cli-password-changed = Het wachtwoord van de kluis is gewijzigd.
cli-password-added = Er is een wachtwoord toegevoegd: het opent de kluis op een andere computer en wanneer de sleutelhanger van het systeem dat niet kan.
cli-password-removed = Het wachtwoord is verwijderd; de kluis opent met de sleutel in de sleutelhanger van je systeem.
cli-password-at-unlock-on = Het wachtwoord wordt nu gevraagd na vergrendelen en bij het starten, door de app en door elke safekeep-opdracht.
cli-password-at-unlock-off = De kluis opent weer met de sleutel in de sleutelhanger van je systeem, zonder het wachtwoord.
cli-sync-enabled = De kluis van deze computer staat nu in de gesynchroniseerde map { $path } (zijn eigen bestand daar is { $file }). Voer op een andere computer uit: safekeep init --join { $path }
cli-join-password-needed = meedoen vraagt het wachtwoord van de kluis, en er is geen terminal om het te vragen
cli-join-password-needed-next = geef het op de eerste regel van standaardinvoer met --password-stdin
cli-joined-keychain = Deze computer ({ $name }) doet mee met de kluis in { $path }; voortaan staat de sleutel ook in de sleutelhanger van deze computer.
cli-joined-password = Deze computer ({ $name }) doet mee met de kluis in { $path }; hij opent met het wachtwoord (de sleutelhanger werkt hier niet).
cli-sync-not-enabled = deze kluis staat niet in een gesynchroniseerde map
cli-sync-not-enabled-next = om hem in een map te bewaren, voer uit: safekeep sync enable <map>
cli-sync-folder-unusable = de map { $path } kan niet worden gebruikt ({ $reason })
cli-sync-folder-unusable-next = geef het volledige pad van de map die je synchronisatieprogramma bijhoudt
cli-sync-status-folder = Gesynchroniseerde map: { $path }
cli-sync-status-this = Deze computer: { $name } ({ $id })
cli-sync-status-alone = Er doet nog geen andere computer mee.
cli-sync-status-other = { $name } ({ $id }): laatst gezien { $time }
cli-sync-status-other-no-file = { $name } ({ $id }): zijn bestand staat (nog) niet in de map
cli-sync-status-key-changed = Het wachtwoord of de sleutel is veranderd op { $name }; deze computer is nog niet bijgewerkt (voer uit: safekeep sync catch-up).
cli-sync-catch-up-how = Om het hier in te voeren, voer uit: safekeep sync catch-up
cli-sync-caught-up = Deze computer gebruikt het nieuwste wachtwoord en de nieuwste sleutel van de kluis, gelijk met de andere computers.
cli-catch-up-password-needed = bijwerken vraagt het wachtwoord van de kluis zoals het nu is, en er is geen terminal om het te vragen
cli-catch-up-password-needed-next = geef het op de eerste regel van standaardinvoer met --password-stdin
cli-sync-remove-password-stdin = Geef het op de eerste regel van standaardinvoer met --password-stdin.
cli-sync-removed = { $name } is uit de kluis verwijderd: zijn bestand is gewist en de kluis heeft een nieuwe sleutel, die de sleutelhanger van { $name } niet opent. Je andere computers vragen één keer om het wachtwoord van de kluis (safekeep sync catch-up).

## Accounts: add, list, code, pin, remove.

cli-add-name-flags = Geef --issuer of --label op, of een otpauth://-link (en --secret voor codes).
cli-added-account = { $name } is toegevoegd.
cli-list-empty = Nog geen accounts. Voeg er een toe met 'safekeep add <otpauth-link>'.
cli-list-pinned = vastgezet
cli-list-tokens = { $unused }/{ $total } back-uptokens
cli-no-code = { $name } maakt geen codes, het heeft alleen back-uptokens
cli-no-code-next = gebruik 'safekeep tokens use'
cli-confirm-remove = { $name } en de back-uptokens ervan verwijderen?
cli-not-removed = niet verwijderd
cli-not-removed-next = bevestig het in een terminal, of geef --yes op
cli-pinned = { $name } is vastgezet: het staat bovenaan in elke lijst.
cli-unpinned = { $name } is niet meer vastgezet.
cli-removed-account = { $name } is verwijderd.
cli-account-gone = het account is intussen verwijderd door een ander Safekeep-venster of een andere opdracht
cli-account-gone-next = bekijk 'safekeep list' en voer de opdracht opnieuw uit

## Back-uptokens.

cli-tokens-none-stored = { $site } heeft geen back-uptokens; voeg ze toe met 'safekeep tokens add { $query }'
cli-token-used-at = gebruikt { $time }
cli-token-unused = ongebruikt
cli-tokens-unused-count = { $unused } van { $total } ongebruikt.
cli-tokens-one-left = Nog maar 1 back-uptoken over voor { $site }. Maak op de site nieuwe aan en voeg ze toe met 'safekeep tokens add'.
cli-tokens-last-used = Dat was het laatste back-uptoken voor { $site }. Maak op de site nieuwe aan en voeg ze toe met 'safekeep tokens add'.
cli-no-tokens-left = er zijn geen ongebruikte back-uptokens meer voor { $site }
cli-no-tokens-left-next = maak op de site nieuwe aan en voeg ze toe met 'safekeep tokens add'
cli-token-marked-used = Het token is als gebruikt gemarkeerd. { $site }: { $unused } van { $total } ongebruikt.
cli-token-marked-unused = Het token is als ongebruikt gemarkeerd. { $site }: { $unused } van { $total } ongebruikt.
cli-tokens-skipped-stored = { $count } al bewaard
cli-tokens-skipped-repeated = { $count } herhaald in de lijst
cli-tokens-skipped = (overgeslagen: { $what })
cli-tokens-added = { $added } back-uptokens toegevoegd aan { $site }{ $skipped }. { $unused } van { $total } ongebruikt.
cli-tokens-replaced = { $dropped } oude back-uptokens van { $site } vervangen door { $added } nieuwe{ $skipped }. { $unused } van { $total } ongebruikt.
cli-left-out-line = regel { $line }

## Back-up en terugzetten.

cli-backup-no-file = er is geen back-upbestand genoemd
cli-backup-no-file-next = noem het back-upbestand dat geschreven moet worden, bijvoorbeeld --output BESTAND
cli-replace-with-force = Wil je het vervangen, geef dan --force op.
cli-backup-password-needed = er is een wachtwoord voor de back-up nodig en er is geen terminal om het te vragen
cli-backup-password-needed-next = geef het via standaardinvoer met --backup-password-stdin (op de regel na het wachtwoord van de kluis als ook --password-stdin is opgegeven)
cli-backup-written = Er is een versleutelde back-up van { $accounts ->
    [one] 1 account
   *[other] { $accounts } accounts
} geschreven naar { $file }. Hij opent met het back-upwachtwoord op elke computer; bewaar dat wachtwoord ergens anders dan het bestand.
cli-backup-unreadable = de back-up { $file } kon niet worden gelezen ({ $reason })
cli-backup-unreadable-next = controleer de bestandsnaam
cli-restore-password-needed = het wachtwoord van de back-up is nodig en er is geen terminal om het te vragen
cli-restore-password-needed-next = geef het via standaardinvoer met --backup-password-stdin (op de regel na het wachtwoord van de kluis als ook --password-stdin is opgegeven)
cli-confirm-replace = Vervangen verwijdert { $count ->
    [one] 1 account
   *[other] { $count } accounts
} dat niet in de back-up staat. Vervangen?
cli-not-restored = niet teruggezet: --replace zou { $count ->
    [one] 1 account
   *[other] { $count } accounts
} verwijderen dat niet in de back-up staat
cli-not-restored-next = bevestig het in een terminal, geef --yes op, of zet terug zonder --replace om samen te voegen
cli-restored-merged = { $in_backup ->
    [one] 1 account
   *[other] { $in_backup } accounts
} uit { $file } teruggezet in de kluis: { $added } toegevoegd, { $matched } al aanwezig (back-uptokens en gebruikt-markeringen samengevoegd, { $tokens_added ->
    [one] 1 back-uptoken
   *[other] { $tokens_added } back-uptokens
} toegevoegd), { $only_here } alleen in deze kluis behouden.
cli-restored-replaced = De accounts van de kluis zijn vervangen door de { $in_backup ->
    [one] 1 account
   *[other] { $in_backup } accounts
} uit { $file }: { $removed ->
    [one] 1 account
   *[other] { $removed } accounts
} dat alleen in deze kluis stond verwijderd.
cli-restored-kept-used = { $count ->
    [one] 1 back-uptoken dat sinds de back-up is gebruikt, blijft gebruikt.
   *[other] { $count } back-uptokens die sinds de back-up zijn gebruikt, blijven gebruikt.
}

## Importeren.

cli-file-unreadable = het bestand { $file } kon niet worden gelezen ({ $reason })
cli-file-unreadable-next = controleer de bestandsnaam
cli-file-password-needed = dit { $format }-bestand is versleuteld en er is geen terminal om het wachtwoord te vragen
cli-file-password-needed-next = geef het via standaardinvoer met --file-password-stdin (op de regel na het wachtwoord van de kluis als ook --password-stdin is opgegeven)
cli-export-password-needed = de versleutelde export heeft een wachtwoord nodig en er is geen terminal om het te vragen
cli-export-password-needed-next = geef het via standaardinvoer met --file-password-stdin (op de regel na het wachtwoord van de kluis als ook --password-stdin is opgegeven)
cli-import-tokens-instead = Voor een gewone lijst back-uptokens van één site gebruik je 'safekeep tokens add <site> < BESTAND'.
cli-source-clipboard = het klembord
cli-source-screen = het scherm
cli-imported = Geïmporteerd uit { $file }: { $added ->
    [one] 1 account
   *[other] { $added } accounts
} toegevoegd, { $skipped } al in de kluis overgeslagen, { $rejected } onleesbaar.
cli-imported-added = Toegevoegd: { $names }.
cli-imported-skipped = Overgeslagen omdat ze al in de kluis staan (hun back-uptokens zijn samengevoegd, gebruikt-markeringen behouden): { $names }.
cli-import-rejected = Niet geïmporteerd: { $name }: { $reason }

## Exporteren.

cli-include-secrets-sheet-only = --include-secrets is alleen voor --format sheet
cli-include-secrets-sheet-only-next = de andere formaten bevatten de geheimen altijd, dus laat het weg
cli-export-risk-tokens = iedereen die het leest, kan je back-uptokens gebruiken
cli-export-risk-codes = iedereen die het leest, kan je codes maken
cli-confirm-export = Dit bestand is NIET versleuteld: { $risk }. Toch schrijven?
cli-not-exported = niet geëxporteerd: dit bestand is NIET versleuteld, { $risk }
cli-not-exported-next = bevestig het in een terminal, of geef --yes op
cli-output-exists = { $file } bestaat al, dus er is niets geschreven
cli-output-exists-next = kies een andere bestandsnaam, of geef --force op om het te vervangen
cli-output-unwritable = { $file } kon niet worden geschreven ({ $reason })
cli-output-unwritable-next = controleer of de map bestaat, of je erin mag schrijven en of de schijf ruimte heeft
cli-stdout-made-private = standaarduitvoer is een bestand dat andere gebruikers konden lezen; alleen jij kunt het nu lezen.
cli-stdout-not-private = standaarduitvoer is een bestand dat andere gebruikers kunnen lezen, en het kon niet worden afgeschermd ({ $reason }); er is niets geschreven
cli-stdout-not-private-next = gebruik in plaats daarvan --output BESTAND
cli-stdout-unwritable = er kon niet naar standaarduitvoer worden geschreven ({ $reason })
cli-stdout-unwritable-next = controleer of de schijf ruimte heeft en voer de opdracht opnieuw uit
cli-exported-sheet = Er is een afdrukbaar herstelblad geschreven. Het is NIET versleuteld: druk het af en verwijder daarna het bestand.
cli-exported-as-otpauth = als otpauth-links
cli-exported-as-google = als migratielinks van Google Authenticator
cli-exported-as-aegis = als onversleutelde export van Aegis
cli-exported-as-aegis-encrypted = als versleutelde export van Aegis, met een eigen wachtwoord
cli-export-left-out-no-secret = ze hebben geen geheim, alleen back-uptokens
cli-export-left-out-google = Google Authenticator kan hun codes niet maken, of ze hebben alleen back-uptokens
cli-export-left-out = ({ $count ->
    [one] 1 account
   *[other] { $count } accounts
} weggelaten: { $why })
cli-exported = { $count ->
    [one] 1 account
   *[other] { $count } accounts
} geëxporteerd { $how }{ $left_out }. Het is NIET versleuteld: bewaar het veilig, en verwijder het als je het niet meer nodig hebt.
cli-export-tokens-not-included = Back-uptokens horen niet bij dit formaat; 'safekeep backup' bewaart ze, versleuteld, en 'safekeep export --format sheet' drukt ze af.

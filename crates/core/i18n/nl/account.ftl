# Meldingen van de accountmodule.
account-no-match = Geen account past bij “{ $query }”. Controleer de naam in de lijst met accounts, of voeg het account eerst toe.
account-ambiguous = “{ $query }” past bij { $count } accounts: { $candidates }. Gebruik een langere naam, of “uitgever:account”.
account-unnamed = Een account heeft een naam nodig: geef de site, je accountnaam bij die site, of allebei.
account-duplicate = { $name } staat al in je kluis met hetzelfde geheim, dus het is niet nog eens toegevoegd.
# Tekst die langer is dan Safekeep bewaart (crates/core/src/text.rs).
text-too-long-issuer = Deze sitenaam is { $length } tekens lang; Safekeep bewaart sitenamen tot { $limit } tekens. Maak hem korter en probeer het opnieuw.
text-too-long-label = Deze accountnaam is { $length } tekens lang; Safekeep bewaart accountnamen tot { $limit } tekens. Maak hem korter en probeer het opnieuw.
text-too-long-tag = Deze tag (groep of map) is { $length } tekens lang; Safekeep bewaart tags tot { $limit } tekens. Maak hem korter in de andere app en exporteer opnieuw.
text-too-long-notes = Deze notities zijn { $length } tekens lang; Safekeep bewaart notities tot { $limit } tekens. Maak ze korter, of bewaar de lange tekst in een eigen bestand.

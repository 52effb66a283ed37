# Meldingen van de accountmodule.
account-no-match = Geen account past bij “{ $query }”. Bekijk de namen met 'safekeep list', of voeg het account eerst toe.
account-ambiguous = “{ $query }” past bij { $count } accounts: { $candidates }. Gebruik een langere naam, of “uitgever:account”.

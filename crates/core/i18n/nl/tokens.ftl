# Meldingen van de module tokens.

tokens-nothing-found = In de geplakte tekst staan geen back-uptokens. Kopieer de lijst met tokens die de site je liet zien en plak die opnieuw.
tokens-no-tokens = Er zijn geen back-uptokens bewaard voor { $site }. Voeg eerst de tokens toe die je van { $site } hebt gekregen en probeer het dan opnieuw.
tokens-none-left = Alle back-uptokens voor { $site } zijn gebruikt. Maak nieuwe aan op { $site } en plak ze hier.
tokens-not-found = Dat back-uptoken staat niet in de lijst van deze site. Controleer het op typefouten, of voeg het toe met "Tokens toevoegen".
tokens-gone = Dat back-uptoken staat niet meer in de lijst: een ander venster of de opdrachtregel heeft die veranderd. Bekijk de lijst opnieuw en kies er een.
sync-double-use = Een back-uptoken van { $site } is mogelijk twee keer gebruikt, op { $devices }, terwijl die computers geen contact hadden. Als die aanmelding mislukte, gebruik dan een ander token.
tokens-undo-replace-changed = De tokens zijn veranderd nadat ze vervangen werden (er is er elders een gebruikt of toegevoegd), dus de oude reeks kan niet terug. Controleer de lijst en voeg de oude tokens opnieuw toe als je ze nog nodig hebt.
tokens-left-out-unlike-others = heeft een andere vorm dan de andere tokens
tokens-left-out-not-token-like = bevat tekens die een token niet heeft, of is te kort
tokens-left-out-heading = Weggelaten, niet toegevoegd ({ $count }):
tokens-left-out-hint = Zijn dit ook tokens, voeg ze dan toch toe met: safekeep tokens add --keep-all { $query }
tokens-token-in-arguments = Het back-uptoken is als argument op de opdrachtregel gegeven: andere programma's op deze computer kunnen het lezen zolang de opdracht loopt, en je shell bewaart het in de geschiedenis. Laat het de volgende keer weg: Safekeep vraagt er dan om zonder het te tonen, of leest het van standaardinvoer.

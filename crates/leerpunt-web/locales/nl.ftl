# Leerpunt — Nederlandse teksten (standaardtaal).

site-tagline = Leerpunt verbindt overheden die met data werken: ontdek wie hetzelfde vraagstuk al heeft aangepakt.
site-subtitle = Leer- en expertisepunt datagedreven werken
skip-to-content = Direct naar de inhoud
lang-switch = English
nav-label = Hoofdmenu
nav-home = Home
nav-practices = Praktijken
nav-organisations = Organisaties
nav-themes = Thema's
nav-about = Over Leerpunt
footer-text = Een leer- en expertisepunt voor datagedreven werken bij de overheid. Open data, open API, open source.
footer-api = Open API (OpenAPI)

demo-badge = Demo
pager-label = Paginering
pager-prev = Vorige
pager-next = Volgende
pager-position = Pagina { $page } van { $pages }

home-title = Welkom
home-heading = Niet opnieuw het wiel uitvinden
home-lead = Ministeries, provincies, gemeenten, waterschappen en uitvoeringsorganisaties lossen steeds vaker vraagstukken op met data. Leerpunt laat zien wie wat al heeft gedaan, wat het opleverde en wat ze ervan leerden — zodat je elkaar kunt vinden.
home-cta-practices = Bekijk praktijken
home-cta-organisations = Organisaties met praktijken
home-counts = Leerpunt in cijfers
count-practices = praktijken
count-active-organisations = organisaties delen praktijken
count-organisations = overheidsorganisaties in het register
demo-notice-title = Demo-inhoud.
demo-notice = { $count } praktijken zijn voorbeelden die voor Leerpunt zijn geschreven en niet echt bestaan. Ze zijn gemarkeerd met 'Demo'.
home-latest = Recent bijgewerkte praktijken
home-all-practices = Alle praktijken
home-empty = Er zijn nog geen praktijken. Importeer het Algoritmeregister of start met demogegevens.
home-themes = Thema's
home-themes-lead = Praktijken zijn ingedeeld naar de actielijnen van de Data Agenda Overheid en naar beleidsdomeinen.
themes-agenda = Actielijnen Data Agenda Overheid
themes-domains = Beleidsdomeinen

practices-title = Praktijken
practices-of = Praktijken van { $name }
practices-lead = Hoe overheden data inzetten: het vraagstuk, de aanpak, de gebruikte data, de resultaten en de lessen.
filters-label = Praktijken filteren
filters-title = Filteren
filter-theme = Thema
filter-all-themes = Alle thema's
filter-kind = Soort organisatie
filter-all-kinds = Alle soorten
filter-province = Provincie
filter-all-provinces = Alle provincies
filter-status = Status
filter-all-statuses = Alle statussen
filter-active = Alleen organisaties met praktijken
filters-apply = Toepassen
filters-reset = Filters wissen
results-count = { $count ->
    [one] 1 resultaat
   *[other] { $count } resultaten
}
results-none = Geen resultaten. Probeer minder filters.

breadcrumb-label = Kruimelpad
demo-practice-notice = Dit is een demopraktijk: een voorbeeld dat voor Leerpunt is geschreven. De organisatie en contactgegevens zijn fictief gebruikt.
only-in-original = Deze praktijk is alleen beschikbaar in de oorspronkelijke taal.
in-short = In het kort
full-story = Het hele verhaal
field-purpose = Doel
field-data-used = Gebruikte data
field-results = Resultaten
field-lessons = Geleerde lessen
facts-label = Kenmerken van de praktijk
field-owner = Eigenaar
field-partners = Partners
field-techniques = Technieken
field-started = Gestart
field-contact = Contact
field-source = Bron
source-demo = Demo-inhoud van Leerpunt
source-algoritmeregister = Algoritmeregister
source-import = Import
source-manual = Ingevoerd op Leerpunt
source-link = Bekijk de bron
field-updated = Bijgewerkt
related-title = Vergelijkbare praktijken

organisations-title = Organisaties
organisations-lead = Het register van Nederlandse overheidsorganisaties: ministeries, provincies, gemeenten, waterschappen, uitvoeringsorganisaties, omgevingsdiensten en veiligheidsregio's.
organisations-count = { $count ->
    [one] 1 organisatie
   *[other] { $count } organisaties
}
col-name = Naam
col-kind = Soort
col-province = Provincie
col-code = Code
col-practices = Praktijken
official-name = Officiële naam
website = Website
org-practices = { $count ->
    [one] 1 praktijk
   *[other] { $count } praktijken
}
org-no-practices = Deze organisatie heeft nog geen praktijken gedeeld.
org-all-practices = Alle { $count } praktijken
org-partner-in = Partner in

themes-title = Thema's
themes-lead = De actielijnen van de Data Agenda Overheid en de beleidsdomeinen waarin overheden met data werken.

about-title = Over Leerpunt
about-lead = Leerpunt is de software van een leer- en expertisepunt voor datagedreven werken bij de overheid.
about-what-title = Wat Leerpunt doet
about-what = Overheden vinden onbedoeld vaak het wiel opnieuw uit, omdat ze niet weten hoe anderen data gebruiken voor hetzelfde soort vraagstuk. Leerpunt is meer dan een bibliotheek met goede voorbeelden: het verbindt organisaties met vergelijkbare opgaven, brengt vragen bij de mensen die ze eerder beantwoordden, en laat organisaties samen gevoelige data analyseren zonder de gegevens te delen.
about-data-title = Waar de gegevens vandaan komen
about-data = Het register van overheidsorganisaties bevat namen en codes van alle gemeenten, provincies, waterschappen, ministeries en uitvoeringsorganisaties. Gemeentegrenzen: CBS, Kadaster. Praktijken kunnen worden geïmporteerd uit het Algoritmeregister van de Nederlandse overheid.
about-demo-title = Demo-inhoud
about-demo = Praktijken met het label 'Demo' zijn voorbeelden die voor Leerpunt zijn geschreven om te laten zien hoe het werkt. Ze beschrijven geen bestaande projecten.
about-api-title = Open API
about-api = Alle gegevens zijn ook beschikbaar als open data via de JSON-API, beschreven in een OpenAPI-document:

error-not-found-title = Pagina niet gevonden
    .lead = De pagina die je zoekt bestaat niet (meer). Controleer het adres of ga terug naar de startpagina.
error-bad-request-title = Dit verzoek klopt niet
    .lead = Een van de gegevens in het verzoek is ongeldig. Er is niets gewijzigd.
error-server-title = Er ging iets mis
    .lead = Er ging aan onze kant iets mis. Probeer het later opnieuw.
error-home = Naar de startpagina

nav-analyses = Gezamenlijke analyse
analyses-title = Gezamenlijke analyse
analyses-lead = Organisaties analyseren samen gevoelige gegevens zonder die met elkaar te delen: met veilige multipartijberekening (secure multiparty computation) ziet niemand de records van een ander, alleen de afgesproken uitkomsten.
analyses-how-title = Hoe het werkt
analyses-how = Elke deelnemer (bijvoorbeeld een gemeente en haar schuldeisers) splitst zijn gegevens in geheime delen en stuurt die naar drie rekenknooppunten van verschillende organisaties. Geen enkel knooppunt kan de gegevens terugzien. Samen berekenen ze per buurt aantallen, totalen, gemiddelden en een histogram, en hoeveel huishoudens bij twee of meer schuldeisers voorkomen. Cellen met minder dan k huishoudens worden binnen de berekening onderdrukt, voordat er iets wordt onthuld.
analyses-list = Berekeningen
analyses-none = Er zijn nog geen gezamenlijke analyses gepubliceerd. Een analyse draai je met `leerpunt node`; de uitkomst publiceer je met `leerpunt import analysis`.
analysis-col-title = Berekening
analysis-col-parties = Deelnemers
analysis-col-status = Status
analysis-status-completed = Afgerond
analysis-status-aborted = Afgebroken
analysis-group-by = Indeling
analysis-k = Drempel k
analysis-suppression = Cellen met minder dan { $k } huishoudens zijn onderdrukt en tonen als '< { $k }' ({ $count } cellen).
analysis-suppressed-title = Onderdrukt: minder dan { $k } huishoudens
analysis-json = Uitkomst als JSON
result-per-party = Huishoudens met een achterstand, per deelnemer
result-summary = Samenvatting per groep
result-histogram = Verdeling van de achterstanden
stat-households-per-party = Huishoudens per deelnemer
stat-listings = Registraties
stat-total-arrears = Totale achterstand
stat-mean-arrears = Gemiddelde achterstand
stat-histogram = Histogram
stat-two-or-more = Huishoudens bij twee of meer schuldeisers

status-idea = Idee
status-pilot = Pilot
status-in_use = In gebruik
status-stopped = Gestopt

kind-ministry = Ministerie
kind-province = Provincie
kind-municipality = Gemeente
kind-water_board = Waterschap
kind-agency = Uitvoeringsorganisatie
kind-environmental_service = Omgevingsdienst
kind-safety_region = Veiligheidsregio
kind-other = Overig

nav-search = Zoeken
nav-ask = Stel je vraag
search-title = Zoeken
search-lead = Zoek in praktijken, organisaties en mensen, in het Nederlands of het Engels. Verfijn met de filters.
search-label = Zoekterm
search-placeholder = bijvoorbeeld: vroegsignalering schulden
search-button = Zoeken
search-kind = Zoek in
search-kind-all = Alles
search-kind-practice = Praktijk
search-kind-organisation = Organisatie
search-kind-person = Persoon
search-sort = Sorteer op
search-sort-relevance = Relevantie
search-sort-date = Datum
search-took = ({ $ms } ms)
search-none = Niets gevonden. Probeer andere woorden of minder filters.
search-ask-instead = Stel je vraag liever in eigen woorden
search-remove-filter = filter verwijderen
search-facet-theme = Thema
search-facet-org_kind = Soort organisatie
search-facet-province = Provincie
search-facet-status = Status
search-facet-technique = Techniek
ask-title = Stel je vraag
ask-lead = Beschrijf je vraagstuk in eigen woorden. Leerpunt zoekt de praktijken die er een antwoord op geven, de organisaties die eraan werken en de mensen die het weten, en zegt waarom.
ask-label = Je vraag
ask-placeholder = Hoe signaleren andere gemeenten betalingsachterstanden vroegtijdig?
ask-organisation = Je organisatie (optioneel)
ask-organisation-none = Niet opgegeven
ask-button = Vind wie dit al deed
ask-practices = Praktijken die je vraag beantwoorden
ask-organisations = Organisaties die hieraan werken
ask-people = Mensen die het weten
ask-why = Waarom deze match
ask-none = Geen matches gevonden. Probeer je vraag anders te formuleren.
ask-no-people = Nog niemand met een openbaar profiel die hierover kennis deelt.
similar-title = Vergelijkbare praktijken
works-on-title = Werkt ook aan …
works-on-lead = Andere organisaties met praktijken die lijken op die van { $name }.
works-on-similar-to = lijkt op { $title }

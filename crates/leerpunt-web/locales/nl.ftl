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
# Accounts, rollen en bijdragen
nav-account = Mijn account
logout = Uitloggen
yes = Ja
no = Nee
save = Opslaan
form-has-errors = Controleer de velden hieronder:
error-forbidden-title = Geen toegang
    .lead = Je account mag dit niet doen. Denk je dat dat niet klopt? Neem contact op met een beheerder van Leerpunt.
error-throttled-title = Te veel pogingen
    .lead = Er zijn te veel pogingen gedaan. Wacht een kwartier en probeer het dan opnieuw.

signup-title = Account aanmaken
signup-lead = Met een account kun je de praktijken en het profiel van je organisatie bijhouden. Lezen kan iedereen, ook zonder account.
signup-email-hint = Gebruik je werkadres. Met een adres van een overheidsorganisatie word je lid van Leerpunt.
signup-privacy = Wat we met je gegevens doen, lees je in de
signup-submit = Account aanmaken
signup-have-account = Heb je al een account?
signup-done = Bijna klaar: we hebben een e-mail gestuurd met een link om je adres te bevestigen. Kijk ook in je map met ongewenste e-mail.
field-email = E-mailadres
field-name = Naam
field-password = Wachtwoord
field-new-password = Nieuw wachtwoord
field-current-password = Huidig wachtwoord
password-hint = Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden.
confirm-title = E-mailadres bevestigen
confirm-lead = Klik op de knop om je e-mailadres te bevestigen.
confirm-submit = Bevestigen
confirm-done = Je e-mailadres is bevestigd.
confirm-invalid = Deze link is ongeldig, al gebruikt of verlopen. Log in en vraag een nieuwe aan.
login-title = Inloggen
login-submit = Inloggen
login-invalid = Het e-mailadres of het wachtwoord klopt niet.
login-throttled = Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw.
forgot-title = Wachtwoord vergeten
forgot-lead = Vul je e-mailadres in. Als er een account bij hoort, sturen we een link om een nieuw wachtwoord te kiezen.
forgot-submit = Link versturen
forgot-done = Als er een account bij dit adres hoort, hebben we een e-mail gestuurd. De link is een uur geldig.
reset-title = Nieuw wachtwoord kiezen
reset-submit = Wachtwoord opslaan
reset-invalid = Deze link is ongeldig, al gebruikt of verlopen. Vraag een nieuwe aan.
deleted-title = Account verwijderd
deleted-lead = Je account en je persoonlijke gegevens zijn verwijderd. Wat je bijdroeg aan praktijken blijft staan, zonder je naam.

account-title = Mijn account
account-me = Gegevens
account-confirmed = Adres bevestigd
account-roles = Rollen
role-none = Geen (bevestig je adres om lid te worden)
role-visitor = Bezoeker
role-member = Lid
role-editor = Redacteur
role-broker = Kennismakelaar
role-admin = Beheerder
account-unconfirmed = Je e-mailadres is nog niet bevestigd.
account-resend = Bevestigingsmail opnieuw sturen
account-editor-of = Redacteur van
account-drafts = Praktijken in bewerking
account-join = Mijn organisatie
account-join-hint = De code van je organisatie, bijvoorbeeld GM0344 voor de gemeente Utrecht. Je vindt hem op de pagina van je organisatie.
field-organisation = Organisatie
field-organisation-code = Organisatiecode
account-profile = Mijn profiel
account-profile-lead = Met een profiel kunnen collega's bij andere organisaties je vinden op je expertise. Het is alleen openbaar als je daarvoor kiest.
field-role = Functie
field-expertise = Expertise
field-expertise-hint = Gescheiden door komma's, bijvoorbeeld: privacy, data-analyse, archivering.
field-public-consent = Ik geef toestemming om mijn profiel openbaar te tonen.
account-profile-public = Bekijk je openbare profiel
account-password = Wachtwoord wijzigen
account-password-submit = Wachtwoord wijzigen
account-tokens = API-sleutels
account-tokens-lead = Met een API-sleutel kan een programma namens jou schrijven via de API. Een sleutel kan nooit meer dan jij, en je kunt hem altijd intrekken.
field-token-name = Naam van de sleutel
field-scopes = Rechten
token-created = Gemaakt
token-state = Status
token-revoked = Ingetrokken
token-revoke = Intrekken
token-create = Sleutel maken
token-shown-once = Je nieuwe API-sleutel. Kopieer hem nu: we tonen hem maar één keer en bewaren alleen een controlegetal.
account-data = Mijn gegevens
account-data-lead = Je kunt alles downloaden wat Leerpunt over je bewaart, en je account verwijderen.
account-export = Mijn gegevens downloaden (JSON)
logout-everywhere = Overal uitloggen
account-delete = Account verwijderen
account-delete-lead = Je account, profiel, sleutels en sessies worden verwijderd. Praktijken waaraan je werkte blijven staan, zonder je naam.
account-delete-confirm = Ik begrijp dat dit niet ongedaan kan worden gemaakt.
delete-confirm-needed = Vink aan dat je je account echt wilt verwijderen.
password-current-wrong = Je huidige wachtwoord klopt niet.
notice-confirmation-sent = We hebben een nieuwe bevestigingsmail gestuurd.
notice-password-changed = Je wachtwoord is gewijzigd. Je bent overal uitgelogd, behalve hier.
notice-organisation-saved = Je organisatie is opgeslagen.
notice-profile-saved = Je profiel is opgeslagen.
notice-token-created = De API-sleutel is gemaakt.
notice-token-revoked = De API-sleutel is ingetrokken.

practice-new = Praktijk toevoegen
practice-edit = Praktijk bewerken
practice-form-lead = Beschrijf het vraagstuk, de aanpak, de gebruikte data, de resultaten en de lessen. Velden met een fout worden gemarkeerd.
practice-form-review = Na het opslaan is de praktijk een concept. Dien hem in; een kennismakelaar beoordeelt hem voordat hij openbaar wordt.
field-owner-hint = De organisatiecode van de eigenaar, bijvoorbeeld GM0344.
field-language = Taal van de tekst
field-title = Titel
field-summary = Samenvatting
field-partners-hint = Organisatiecodes gescheiden door komma's, bijvoorbeeld AG-CBS, GM0363.
field-date-hint = JJJJ-MM-DD
markdown-hint = Je kunt Markdown gebruiken: **vet**, *cursief*, lijsten en links.
work-title = Beoordeling en versies
review-state = Beoordeling
review-draft = Concept
review-submitted = Ingediend
review-published = Gepubliceerd
review-rejected = Afgewezen
review-reason = Reden van afwijzing
review-reason-hint = De redacteuren zien deze reden en kunnen de praktijk aanpassen en opnieuw indienen.
review-submit = Indienen ter beoordeling
review-publish = Publiceren
review-reject = Afwijzen
review-queue-title = Te beoordelen
review-queue-empty = Er wacht niets op beoordeling.
revisions-title = Versies
revision = Versie
revision-no-changes = Geen inhoudelijke wijzigingen.
author-unknown = onbekend (account verwijderd)
org-edit = Profiel bewerken
field-description = Beschrijving
field-name-en = Engelse naam

admin-users-title = Gebruikers en rollen
admin-change-role = Rol wijzigen
admin-role = Rol
admin-grant = Toekennen
admin-revoke = Intrekken
audit-title = Auditlog
audit-lead = Elke wijziging door een persoon of API-sleutel: wie, wat, wanneer en vanaf welk adres.
audit-when = Wanneer
audit-who = Wie
audit-what = Wat
audit-where = Vanaf
audit-token = sleutel

people-title = Mensen
people-lead = Ambtenaren die hun expertise delen en gevonden willen worden. Alleen wie daarvoor toestemming gaf, staat hier.
people-empty = Nog niemand heeft een openbaar profiel.

privacy-title = Privacyverklaring
privacy-lead = Leerpunt bewaart zo min mogelijk over de mensen die het gebruiken. Hier staat wat, waarom en hoe lang.
privacy-what-title = Wat we bewaren
privacy-what = Van een account: je e-mailadres, je naam (als je die invult), een versleutelde vorm van je wachtwoord, je organisatie en rollen, en de sessies en API-sleutels die je gebruikt (alleen als controlegetal). Van je bijdragen: wie wat wanneer wijzigde, en vanaf welk internetadres (het auditlog).
privacy-why-title = Waarom
privacy-why = Om te weten wie namens een organisatie praktijken mag bijhouden, om misbruik te kunnen nagaan, en om je te kunnen mailen over je account. We gebruiken je gegevens nergens anders voor en delen ze met niemand.
privacy-public-title = Wat openbaar is
privacy-public = Gepubliceerde praktijken en organisatieprofielen zijn openbaar. Je persoonlijke profiel is alleen openbaar als je daar zelf toestemming voor geeft; die toestemming kun je altijd intrekken.
privacy-keep-title = Hoe lang
privacy-keep = Zolang je account bestaat. Sessies verlopen na 14 dagen, links in e-mails na een uur (wachtwoord) of een week (bevestiging). Als je je account verwijdert, verdwijnen je persoonlijke gegevens; je bijdragen aan praktijken blijven, zonder je naam.
privacy-rights-title = Je rechten
privacy-rights = Je kunt alles wat we over je bewaren downloaden en je account verwijderen op je accountpagina.
privacy-cookies-title = Cookies
privacy-cookies = Leerpunt gebruikt twee functionele cookies: een voor de taal en een voor je sessie (alleen als je een formulier gebruikt of inlogt). Geen tracking, geen analytics.

mail-confirm-subject = Bevestig je e-mailadres voor Leerpunt
mail-confirm-body = Welkom bij Leerpunt.

    Bevestig je e-mailadres via deze link (een week geldig):
    { $link }

    Heb je geen account aangemaakt? Dan kun je deze e-mail negeren.
mail-exists-subject = Je hebt al een account bij Leerpunt
mail-exists-body = Iemand probeerde een account aan te maken met dit e-mailadres, maar dat account bestaat al.

    Was jij dat? Log dan in op { $site }/login, of kies een nieuw wachtwoord via { $site }/login/forgot.
mail-reset-subject = Nieuw wachtwoord voor Leerpunt
mail-reset-body = Je vroeg om een nieuw wachtwoord voor Leerpunt. Kies het via deze link (een uur geldig):
    { $link }

    Heb je dit niet gevraagd? Dan kun je deze e-mail negeren; je wachtwoord blijft hetzelfde.

err-email = Vul een geldig e-mailadres in, zoals naam@utrecht.nl.
err-password = Kies een wachtwoord van minstens 12 tekens dat niet je e-mailadres is.
err-current = Je huidige wachtwoord klopt niet.
err-name = Vul een naam in van hoogstens 200 tekens.
err-role = De functie mag hoogstens 200 tekens hebben.
err-expertise = De expertise mag hoogstens 2000 tekens hebben.
err-organisation = Deze organisatiecode kennen we niet.
err-scopes = Kies ten minste één recht.
err-title = Vul een titel in van hoogstens 300 tekens.
err-summary = De samenvatting mag hoogstens 2000 tekens hebben.
err-owner = Kies een bestaande organisatie als eigenaar.
err-partners = Gebruik bestaande organisatiecodes, en niet de eigenaar zelf.
err-themes = Kies thema's uit de lijst.
err-techniques = Kies technieken uit de lijst.
err-started_on = Vul een datum in als JJJJ-MM-DD.
err-status = Kies een status.
err-language = Kies Nederlands of Engels.
err-slug = Het webadres mag alleen kleine letters, cijfers en losse streepjes bevatten.
err-reason = Geef een reden, zodat de redacteuren weten wat ze moeten aanpassen.
err-review = Deze stap kan niet in de huidige beoordelingsstatus.
err-website = Vul een webadres in dat begint met https://.
err-description = De beschrijving mag hoogstens 20000 tekens hebben.
err-name_en = De Engelse naam mag hoogstens 300 tekens hebben.
err-confirm = Vink aan dat je je account echt wilt verwijderen.

glossary-title = Begrippen
glossary-lead = De begrippen van datagedreven werken bij de overheid, in het Nederlands en het Engels. Zoeken gebruikt deze lijst om een vraag in de ene taal ook in de andere te beantwoorden.
glossary-other-language = In het Engels

## Help desk, FAQ, following and feeds
nav-helpdesk = Helpdesk
helpdesk-title = Vraag het Leerpunt
helpdesk-lead = Loop je vast met een datavraagstuk? Stel je vraag aan de helpdesk. Kennismakelaars brengen je in contact met mensen die het al eens hebben opgelost, of beantwoorden je vraag zelf.
helpdesk-ask = Stel een vraag
helpdesk-ask-lead = Beschrijf je vraag. Voordat je hem verstuurt, laten we zien wat er al over bekend is: misschien staat het antwoord er al bij.
helpdesk-own = Jouw vragen
helpdesk-public = Vragen van anderen
helpdesk-none = Er zijn nog geen openbare vragen.
helpdesk-all-themes = Alle thema's
helpdesk-filter = Toon
helpdesk-sign-in = Om een vraag te stellen heb je een account nodig.
helpdesk-confirm-first = Bevestig eerst je e-mailadres; daarna kun je een vraag stellen.
helpdesk-field-title = Je vraag in één zin
helpdesk-field-body = Toelichting
helpdesk-field-organisation = Namens welke organisatie vraag je dit? (niet verplicht)
helpdesk-field-legal = Mijn vraag gaat over privacy, de AVG of wet- en regelgeving
helpdesk-field-public = Iedereen mag mijn vraag en de antwoorden lezen
helpdesk-public-hint = Zonder dit vinkje zien alleen jij, de kennismakelaars en de deskundige aan wie je vraag wordt doorgegeven hem.
helpdesk-check = Bekijk wat er al over bekend is
helpdesk-suggestions = Dit is er al over bekend
helpdesk-suggest-answered = Al beantwoord
helpdesk-no-suggestions = We vonden nog niets dat op je vraag lijkt. Verstuur hem gerust.
helpdesk-answered-me = Dit beantwoordt mijn vraag
helpdesk-send = Vraag versturen
helpdesk-thanks-title = Fijn dat je het antwoord hebt gevonden
helpdesk-thanks-lead = We hebben bijgehouden dat de suggesties je hielpen; je vraag is niet verstuurd.
helpdesk-asked = Je vraag is verstuurd. Een kennismakelaar pakt hem op; je krijgt een e-mail zodra er iets gebeurt.
helpdesk-asked-by = Gevraagd door { $name }
helpdesk-assigned-to = Doorgegeven aan { $name }
helpdesk-rejected-because = Deze vraag is niet in behandeling genomen: { $reason }
helpdesk-in-faq = Het antwoord staat ook in de veelgestelde vragen:
helpdesk-close = Vraag sluiten
helpdesk-promote = Opnemen in de veelgestelde vragen
helpdesk-manage = Behandelen
helpdesk-assign-to = Doorgeven aan
helpdesk-community = Gemeenschap
helpdesk-no-experts = Er zijn geen deskundigen of gemeenschappen om de vraag aan door te geven.
helpdesk-assign = Doorgeven
helpdesk-reject = Niet in behandeling nemen
helpdesk-answers = { $count ->
    [one] 1 antwoord
   *[other] { $count } antwoorden
}
helpdesk-accepted = Geaccepteerd antwoord
helpdesk-accept = Accepteer dit antwoord
helpdesk-reply = Reageer
helpdesk-replying-to = Je reageert op antwoord { $id }.
helpdesk-no-answers = Nog geen antwoorden.
helpdesk-your-answer = Je antwoord
helpdesk-answer-send = Antwoord plaatsen
helpdesk-sign-in-to-answer = Log in om te antwoorden
helpdesk-queue-title = Wachtrij van de helpdesk
helpdesk-queue-lead = Open en doorgegeven vragen, de oudste eerst. De suggesties beantwoordden { $deflected } vragen voordat ze gesteld werden; er werden { $asked } vragen gesteld.
helpdesk-queue-caption = Vragen die op behandeling wachten
helpdesk-queue-empty = Er wachten geen vragen.
helpdesk-state = Stand
helpdesk-age = Wacht
helpdesk-assignee = Doorgegeven aan
helpdesk-days = { $n ->
    [0] vandaag
    [one] 1 dag
   *[other] { $n } dagen
}
helpdesk-legal-badge = Privacy en recht
helpdesk-private-badge = Niet openbaar
helpdesk-state-open = Open
helpdesk-state-assigned = Doorgegeven
helpdesk-state-answered = Beantwoord
helpdesk-state-closed = Gesloten
helpdesk-state-rejected = Niet in behandeling
helpdesk-kind-faq = Veelgestelde vraag
helpdesk-kind-question = Beantwoorde vraag
helpdesk-kind-topic = Discussie
helpdesk-kind-community = Gemeenschap
faq-title = Veelgestelde vragen
faq-lead = Antwoorden op vragen die vaak aan het Leerpunt gesteld worden, per thema. Veel komen uit de helpdesk.
faq-new = Nieuwe vraag en antwoord
faq-none = Er zijn nog geen veelgestelde vragen.
faq-search-hint = Zoek in de veelgestelde vragen:
faq-updated = Bijgewerkt op { $date }
faq-from-question = De oorspronkelijke vraag aan de helpdesk
faq-edit = Bewerken
faq-form-title = Veelgestelde vraag
faq-form-lead = Schrijf de vraag en het antwoord in het Nederlands en in het Engels.
faq-field-question-nl = Vraag (Nederlands)
faq-field-answer-nl = Antwoord (Nederlands)
faq-field-question-en = Vraag (Engels)
faq-field-answer-en = Antwoord (Engels)
follow = Volgen
follow-stop = Niet meer volgen
follow-kind-theme = Thema
follow-kind-community = Gemeenschap
follow-kind-organisation = Organisatie
follow-kind-practice = Praktijk
follow-kind-question = Vraag
feed-link = Atom-feed
feed-kind-practice = Praktijk
feed-kind-question = Vraag aan de helpdesk
feed-kind-faq = Veelgestelde vraag
feed-kind-topic = Discussie
account-following = Wat je volgt
account-following-none = Je volgt nog niets. Volg een thema, organisatie, praktijk, gemeenschap of vraag met de knop "Volgen".
account-digest = Overzicht per e-mail
account-digest-hint = Hoe vaak wil je een e-mail met wat er nieuw is in wat je volgt?
account-digest-daily = Dagelijks
account-digest-weekly = Wekelijks
account-digest-never = Nooit
account-digest-save = Bewaren
privacy-helpdesk-title = Helpdesk, gemeenschappen en volgen
privacy-helpdesk = Een vraag aan de helpdesk bewaren we met je naam en, als je die kiest, je organisatie. Alleen als je daarvoor kiest is de vraag met de antwoorden openbaar; anders zien alleen jij, de kennismakelaars en de deskundige aan wie hij wordt doorgegeven hem. Als de suggesties je vraag beantwoorden, bewaren we de tekst die je typte om de helpdesk te verbeteren. Wat je volgt en hoe vaak je het overzicht wilt, bewaren we tot je het wijzigt of je account verwijdert. Verwijder je je account, dan blijven je vragen en antwoorden staan zonder je naam.
msg-question-ended = Deze vraag is gesloten of niet in behandeling genomen; er kan niets meer bij.
msg-question-not-waiting = Deze vraag wacht niet meer op behandeling.
msg-reason-required = Geef een reden op.
msg-answer-unknown = Dat antwoord hoort niet bij deze vraag.
msg-assignee-unknown = Kies een deskundige met een openbaar profiel of een bestaande gemeenschap.
msg-faq-needs-accepted = Alleen een vraag met een geaccepteerd antwoord kan worden opgenomen in de veelgestelde vragen.
msg-follow-kind = Je kunt een thema, gemeenschap, organisatie, praktijk of vraag volgen.
msg-digest-choice = Kies dagelijks, wekelijks of nooit.
err-question_nl = Schrijf de vraag in het Nederlands (minstens 5 tekens).
err-question_en = Schrijf de vraag in het Engels (minstens 5 tekens).
err-answer_nl = Schrijf het antwoord in het Nederlands.
err-answer_en = Schrijf het antwoord in het Engels.
err-theme = Kies een thema.
err-body = Vul een tekst in van hoogstens 20.000 tekens.
mail-question-new-subject = Nieuwe vraag aan de helpdesk: { $title }
mail-question-new-body = Er is een nieuwe vraag gesteld: "{ $title }". Bekijk de wachtrij: { $link }
mail-question-invite-subject = Weet jij het antwoord? { $title }
mail-question-invite-body = Iemand stelde de helpdesk een vraag die lijkt op het werk van jouw organisatie: "{ $title }". Misschien kun je helpen: { $link }
mail-question-answered-subject = Nieuw antwoord op: { $title }
mail-question-answered-body = Er is een antwoord geplaatst op "{ $title }": { $link }
mail-question-accepted-subject = Antwoord geaccepteerd: { $title }
mail-question-accepted-body = Een antwoord op "{ $title }" is geaccepteerd: { $link }
mail-question-closed-subject = Vraag gesloten: { $title }
mail-question-closed-body = De vraag "{ $title }" is gesloten: { $link }
mail-question-assigned-subject = Je vraag is doorgegeven: { $title }
mail-question-assigned-body = Een kennismakelaar heeft je vraag "{ $title }" doorgegeven aan iemand die er meer van weet: { $link }
mail-question-for-you-subject = Een vraag voor jou: { $title }
mail-question-for-you-body = Een kennismakelaar van het Leerpunt geeft de vraag "{ $title }" aan jou door, omdat je er verstand van hebt. Wil je hem beantwoorden? { $link }
mail-question-rejected-subject = Je vraag is niet in behandeling genomen: { $title }
mail-question-rejected-body = Je vraag "{ $title }" is niet in behandeling genomen. Reden: { $reason }. { $link }
mail-digest-subject = Nieuw in wat je volgt ({ $count })
mail-digest-body = Dit is er nieuw in wat je volgt op het Leerpunt:
    
    { $items }
    
    Wat je volgt en hoe vaak je deze e-mail krijgt, pas je aan op { $link }

## search: kinds of the living network
search-facet-kind = Soort
search-kind-question = Vraag
search-kind-faq = Veelgestelde vraag
search-kind-topic = Discussie
search-kind-community = Gemeenschap
ask-answered = Al beantwoord
mail-similar-subject = Anderen werken aan hetzelfde: { $title }
mail-similar-intro = { $org } publiceerde op Leerpunt „{ $title }”. Dat lijkt sterk op werk van andere organisaties:
mail-similar-match = { $other_title } ({ $other_org }), { $score } % overeenkomst
mail-similar-terms = Gedeelde woorden: { $terms }
mail-similar-themes = Gedeelde thema's: { $themes }
mail-similar-outro = Misschien is het de moeite waard om samen op te trekken. De praktijk: { $link }
mail-similar-editor = Je krijgt dit bericht als redacteur van { $org }.
mail-similar-follower = Je krijgt dit bericht omdat je een thema van deze praktijk volgt.

## Toolkit: step plan (stappenplan)
nav-stepplan = Stappenplan
stepplan-title = Stappenplan datagedreven werken
stepplan-lead = De fasen van een datagedreven project, van de eerste vraag tot de evaluatie. Per fase een checklist en verwijzingen naar begrippen, veelgestelde vragen en praktijken van andere organisaties.
stepplan-demo-notice = Dit stappenplan is voorbeeldinhoud, geschreven voor Leerpunt. Kennismakelaars kunnen het aanpassen.
stepplan-version-line = Versie { $version }, opgeslagen op { $date }.
stepplan-edit = Stappenplan bewerken
stepplan-previous-versions = Eerdere versies
stepplan-empty = Er is nog geen stappenplan.
stepplan-phases = Fasen
stepplan-phase-number = Fase { $number }:
stepplan-checklist = Checklist
stepplan-further = Verder lezen
stepplan-faq = Veelgestelde vragen
stepplan-practices = Praktijken
stepplan-versions-title = Versies van het stappenplan
stepplan-version = Versie { $version }
stepplan-current = Huidig
stepplan-author-none = Leerpunt
stepplan-is-current = Dit is de huidige versie.
stepplan-is-old = Dit is een eerdere versie; de huidige is versie { $current }.
stepplan-to-current = Naar het huidige stappenplan
stepplan-changes = Wijzigingen ten opzichte van versie { $previous }
stepplan-changes-first = Inhoud van de eerste versie
stepplan-content = Zo zag het stappenplan eruit
stepplan-form-lead = Het hele stappenplan staat in één tekstvak, in een eenvoudig tekstformaat dat hiernaast wordt uitgelegd. Elke keer opslaan maakt een nieuwe versie; eerdere versies blijven te zien.
stepplan-field-plan = Stappenplan (Nederlands en Engels)
stepplan-field-plan-hint = Eén fase begint met een regel die met ## begint. Zie de uitleg van het formaat.
stepplan-field-note = Wat is er veranderd?
stepplan-field-note-hint = Een korte toelichting bij deze versie, hoogstens { $max } tekens. Die is te zien in de lijst met versies.
stepplan-more-problems = (en nog { $count } { $count ->
        [one] probleem
       *[other] problemen
    }, zie de lijst bovenaan)
stepplan-format-title = Het tekstformaat
stepplan-format-intro = Elke regel begint met een teken dat zegt wat hij is. Lege regels mogen overal. Schrijf elke tekst in het Nederlands en in het Engels, gescheiden door een verticale streep (|).
stepplan-format-heading = Begin van een fase: een korte sleutel (kleine letters, cijfers en koppeltekens; wordt het anker op de pagina), de Nederlandse en de Engelse titel (hoogstens 120 tekens).
stepplan-format-intro-nl = Inleiding in het Nederlands. Meer regels mogen; een regel met alleen > begint een nieuwe alinea. Markdown mag.
stepplan-format-intro-en = Inleiding in het Engels, op dezelfde manier.
stepplan-format-item = Een punt van de checklist, Nederlands | Engels (elk hoogstens 300 tekens, hoogstens 30 per fase). Ook - [ ] mag.
stepplan-format-glossary = Begrippen uit de begrippenlijst, met hun sleutel: het begrip in kleine letters met koppeltekens, zoals in het adres /begrippen#term-impact-assessment. Ook begrippen: mag.
stepplan-format-faq = Nummers van veelgestelde vragen, zoals in het adres /faq/3.
stepplan-format-practices = Praktijken, met het laatste deel van hun adres (/praktijken/…). Ook praktijken: mag.
stepplan-format-rules = Een stappenplan heeft 1 tot 12 fasen. Titels en checklistpunten staan op één regel en bevatten geen |.
stepplan-format-example = Voorbeeld van een fase
stepplan-lang-nl = Nederlandse
stepplan-lang-en = Engelse
stepplan-err-line = Regel { $line }: { $message }
stepplan-err-no-phases = Het stappenplan heeft minstens één fase nodig: een regel die begint met ##.
stepplan-err-too-many-phases = Een stappenplan heeft hoogstens { $max } fasen.
stepplan-err-outside-phase = Deze regel staat vóór de eerste fase. Begin met een regel ## sleutel | Titel | Title.
stepplan-err-unknown-line = Onbekende regel. Begin een regel met ##, >, >>, -, glossary:, faq: of practices:.
stepplan-err-heading-parts = Schrijf een fase als ## sleutel | Nederlandse titel | Engelse titel.
stepplan-err-item-parts = Schrijf een checklistpunt als - Nederlandse tekst | Engelse tekst, met precies één |.
stepplan-err-bad-key = De sleutel „{ $value }” mag alleen kleine letters, cijfers en losse koppeltekens bevatten (hoogstens { $max } tekens).
stepplan-err-duplicate-key = De sleutel „{ $value }” komt twee keer voor; elke fase heeft een eigen sleutel.
stepplan-err-title-missing = De { $language } titel ontbreekt.
stepplan-err-title-too-long = De { $language } titel is langer dan { $max } tekens.
stepplan-err-intro-too-long = De { $language } inleiding is langer dan { $max } tekens.
stepplan-err-too-many-items = Een fase heeft hoogstens { $max } checklistpunten.
stepplan-err-item-empty = De { $language } tekst van het checklistpunt is leeg.
stepplan-err-item-too-long = De { $language } tekst van het checklistpunt is langer dan { $max } tekens.
stepplan-err-bad-glossary = „{ $value }” staat niet in de begrippenlijst.
stepplan-err-bad-faq = „{ $value }” is geen nummer van een veelgestelde vraag.
stepplan-err-bad-practice = „{ $value }” is geen gepubliceerde praktijk.
stepplan-err-too-many-links = Een fase heeft hoogstens { $max } verwijzingen van één soort.
stepplan-err-not-canonical = Titels en checklistpunten staan op één regel, zonder | en zonder spaties aan begin of eind.
stepplan-err-note = De toelichting mag hoogstens { $max } tekens hebben.
stepplan-err-stale = Iemand anders heeft intussen versie { $version } opgeslagen. Uw tekst staat hieronder nog; bekijk de eerdere versies en sla opnieuw op om versie { $version } te vervangen.

## Communities and discussions
nav-communities = Gemeenschappen
community-list-title = Gemeenschappen
community-list-lead = Collega's van verschillende overheden die rond een thema kennis delen en elkaars vragen beantwoorden. Lees mee, of word lid om zelf onderwerpen te starten en te reageren.
community-list-empty = Er zijn nog geen gemeenschappen.
community-new = Nieuwe gemeenschap
community-edit = Gemeenschap bewerken
community-members = { $count ->
    [one] 1 lid
   *[other] { $count } leden
}
community-topic-count = { $count ->
    [one] 1 gesprek
   *[other] { $count } gesprekken
}
community-demo-notice = Dit is demo-inhoud: de gemeenschap en de gesprekken zijn voorbeelden die voor Leerpunt zijn geschreven. De mensen en hun ervaringen zijn verzonnen.
community-join = Lid worden
community-leave = Gemeenschap verlaten
community-you-are-member = Je bent lid van deze gemeenschap.
community-you-moderate = Je bent moderator van deze gemeenschap.
community-login-to-join = Log in om lid te worden en mee te praten
community-topics = Gesprekken
community-topics-empty = Er zijn nog geen gesprekken. Start het eerste!
community-topic-new = Nieuw gesprek
community-topic-submit = Gesprek starten
community-replies = { $count ->
    [one] 1 reactie
   *[other] { $count } reacties
}
community-last-activity = laatste reactie
community-locked-badge = Gesloten
community-people = Leden met een openbaar profiel
community-people-empty = Nog geen leden met een openbaar profiel.
community-moderator-badge = Moderator
community-practices = Praktijken bij deze thema's
community-practices-more = Alle praktijken over { $theme }
community-field-name-nl = Naam (Nederlands)
community-field-name-en = Naam (Engels)
community-field-slug = Webadres
community-field-slug-hint = Kleine letters, cijfers en streepjes. Leeg laten: het wordt gemaakt van de Nederlandse naam. Het blijft daarna gelijk.
community-field-description-nl = Beschrijving (Nederlands)
community-field-description-en = Beschrijving (Engels)
community-field-moderators = Moderators
community-field-moderators-hint = E-mailadressen of accountnummers, gescheiden door komma's of nieuwe regels. Moderators worden ook lid.
community-field-title = Titel
community-field-title-hint = Tussen 3 en 200 tekens.
community-field-body = Tekst
community-field-body-hint = Je kunt Markdown gebruiken. Noem iemand met @ en de naam zonder spaties, bijvoorbeeld @SannedeVries: leden van de gemeenschap krijgen dan een e-mail.
community-field-reason = Reden
community-field-hide-reason = Reden om te verbergen (wordt getoond)
community-posts = Berichten
community-in-reply-to = reageert op { $name }
community-edited = bewerkt
community-post-deleted = Dit bericht is verwijderd door de schrijver.
community-post-hidden = Dit bericht is verborgen door een moderator. Reden:
community-quote = Citeren
community-reply-to = Reageren
community-edit-post = Bewerken
community-delete-post = Verwijderen
community-report = Melden
community-hide = Verbergen
community-lock = Gesprek sluiten
community-unlock = Gesprek heropenen
community-locked-notice = Dit gesprek is gesloten: er kunnen geen reacties meer bij.
community-reply = Reageren
community-reply-submit = Reactie plaatsen
community-join-to-reply = Word lid van de gemeenschap om te reageren.
community-login-to-reply = Log in en word lid om te reageren
community-notice-reported = Dank je. De moderators bekijken je melding.
community-post-edit = Bericht bewerken
community-post-edit-lead = Je kunt een bericht tot 30 minuten na het plaatsen bewerken.
community-cancel = Annuleren
community-reports-title = Meldingen
community-reports-empty = Er zijn geen openstaande meldingen.
community-reported-at = gemeld op
community-mail-mention-subject = { $author } noemde je in "{ $topic }"
community-mail-mention-body = Hallo { $name },

    { $author } noemde je in het gesprek "{ $topic }" op Leerpunt:
    { $link }
msg-community-topic-locked = Dit gesprek is gesloten: er kunnen geen reacties meer bij.
msg-community-edit-window = Je kunt een bericht alleen in de eerste 30 minuten na het plaatsen bewerken.
msg-community-post-gone = Dit bericht is verwijderd of verborgen en kan niet meer worden bewerkt.
err-community-name_nl = Vul een Nederlandse naam in van 3 tot 120 tekens.
err-community-name_en = De Engelse naam mag hoogstens 120 tekens hebben.
err-community-description_nl = De Nederlandse beschrijving mag hoogstens 5000 tekens hebben.
err-community-description_en = De Engelse beschrijving mag hoogstens 5000 tekens hebben.
err-community-slug = Dit webadres kan niet: gebruik kleine letters, cijfers en losse streepjes, en een adres dat nog niet bestaat.
err-community-themes = Kies hoogstens 8 thema's uit de lijst.
err-community-moderators = Noem moderators met het e-mailadres of nummer van een bestaand account.
err-community-title = Vul een titel in van 3 tot 200 tekens.
err-community-body = Vul een tekst in van hoogstens 20.000 tekens.
err-community-reason = Geef een reden van hoogstens 1000 tekens.
err-community-parent_id = Het bericht waarop je reageert hoort niet bij dit gesprek.
community-answered = Beantwoorde vragen
community-answered-none = Nog geen beantwoorde vragen over de thema's van deze gemeenschap.

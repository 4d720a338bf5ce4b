# Leerpunt — English texts.

site-tagline = Leerpunt connects government organisations that work with data: find out who already solved the same problem.
site-subtitle = Learning and expertise centre for data-driven government
skip-to-content = Skip to content
lang-switch = Nederlands
nav-label = Main menu
nav-home = Home
nav-practices = Practices
nav-organisations = Organisations
nav-themes = Themes
nav-about = About Leerpunt
footer-text = A learning and expertise centre for data-driven government. Open data, open API, open source.
footer-api = Open API (OpenAPI)

demo-badge = Demo
pager-label = Pagination
pager-prev = Previous
pager-next = Next
pager-position = Page { $page } of { $pages }

home-title = Welcome
home-heading = Stop reinventing the wheel
home-lead = Ministries, provinces, municipalities, water boards and agencies increasingly solve problems with data. Leerpunt shows who already did what, what it achieved and what they learned — so you can find each other.
home-cta-practices = Browse practices
home-cta-organisations = Organisations with practices
home-counts = Leerpunt in numbers
count-practices = practices
count-active-organisations = organisations share practices
count-organisations = public bodies in the register
demo-notice-title = Demo content.
demo-notice = { $count } practices are examples written for Leerpunt that do not really exist. They are marked 'Demo'.
home-latest = Recently updated practices
home-all-practices = All practices
home-empty = There are no practices yet. Import the Algorithm Register or start with demo data.
home-themes = Themes
home-themes-lead = Practices are organised by the action lines of the Data Agenda Government and by policy domain.
themes-agenda = Data Agenda Government action lines
themes-domains = Policy domains

practices-title = Practices
practices-of = Practices of { $name }
practices-lead = How government uses data: the problem, the approach, the data used, the results and the lessons learned.
filters-label = Filter practices
filters-title = Filter
filter-theme = Theme
filter-all-themes = All themes
filter-kind = Kind of organisation
filter-all-kinds = All kinds
filter-province = Province
filter-all-provinces = All provinces
filter-status = Status
filter-all-statuses = All statuses
filter-active = Only organisations with practices
filters-apply = Apply
filters-reset = Clear filters
results-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
results-none = No results. Try fewer filters.

breadcrumb-label = Breadcrumb
demo-practice-notice = This is a demo practice: an example written for Leerpunt. The organisation and contact details are used fictitiously.
only-in-original = This practice is only available in its original language.
in-short = In short
full-story = The full story
field-purpose = Purpose
field-data-used = Data used
field-results = Results
field-lessons = Lessons learned
facts-label = Facts about the practice
field-owner = Owner
field-partners = Partners
field-techniques = Techniques
field-started = Started
field-contact = Contact
field-source = Source
source-demo = Leerpunt demo content
source-algoritmeregister = Algorithm Register
source-import = Import
source-manual = Entered on Leerpunt
source-link = View the source
field-updated = Updated
related-title = Similar practices

organisations-title = Organisations
organisations-lead = The register of Dutch public bodies: ministries, provinces, municipalities, water boards, agencies, environmental services and safety regions.
organisations-count = { $count ->
    [one] 1 organisation
   *[other] { $count } organisations
}
col-name = Name
col-kind = Kind
col-province = Province
col-code = Code
col-practices = Practices
official-name = Official name
website = Website
org-practices = { $count ->
    [one] 1 practice
   *[other] { $count } practices
}
org-no-practices = This organisation has not shared any practices yet.
org-all-practices = All { $count } practices
org-partner-in = Partner in

themes-title = Themes
themes-lead = The action lines of the Data Agenda Government and the policy domains in which government works with data.

about-title = About Leerpunt
about-lead = Leerpunt is the software of a learning and expertise centre for data-driven government.
about-what-title = What Leerpunt does
about-what = Government organisations often reinvent the wheel without meaning to, because they do not know how others use data for the same kind of problem. Leerpunt is more than a library of good examples: it connects organisations with similar challenges, routes questions to the people who answered them before, and lets organisations analyse sensitive data together without sharing the records.
about-data-title = Where the data comes from
about-data = The register of public bodies holds the names and codes of all municipalities, provinces, water boards, ministries and agencies. Municipal boundaries: CBS, Kadaster. Practices can be imported from the Dutch government's Algorithm Register.
about-demo-title = Demo content
about-demo = Practices labelled 'Demo' are examples written for Leerpunt to show how it works. They do not describe existing projects.
about-api-title = Open API
about-api = All data is also available as open data through the JSON API, described in an OpenAPI document:

error-not-found-title = Page not found
    .lead = The page you are looking for does not exist (any more). Check the address or go back to the home page.
error-bad-request-title = This request is not right
    .lead = One of the values in the request is invalid. Nothing was changed.
error-server-title = Something went wrong
    .lead = Something went wrong on our side. Please try again later.
error-home = Go to the home page

nav-analyses = Joint analysis
analyses-title = Joint analysis
analyses-lead = Organisations analyse sensitive data together without sharing it: with secure multiparty computation nobody sees another party's records, only the agreed results.
analyses-how-title = How it works
analyses-how = Each participant (for example a municipality and its creditors) splits its data into secret shares and sends them to three compute nodes run by different organisations. No single node can see the data. Together they compute, per neighbourhood, counts, totals, means and a histogram, and how many households appear with two or more creditors. Cells with fewer than k households are suppressed inside the computation, before anything is revealed.
analyses-list = Computations
analyses-none = No joint analyses have been published yet. Run one with `leerpunt node`; publish its result with `leerpunt import analysis`.
analysis-col-title = Computation
analysis-col-parties = Participants
analysis-col-status = Status
analysis-status-completed = Completed
analysis-status-aborted = Aborted
analysis-group-by = Grouped by
analysis-k = Threshold k
analysis-suppression = Cells with fewer than { $k } households are suppressed and show as '< { $k }' ({ $count } cells).
analysis-suppressed-title = Suppressed: fewer than { $k } households
analysis-json = Result as JSON
result-per-party = Households in arrears, per participant
result-summary = Summary per group
result-histogram = Distribution of arrears
stat-households-per-party = Households per participant
stat-listings = Listings
stat-total-arrears = Total arrears
stat-mean-arrears = Mean arrears
stat-histogram = Histogram
stat-two-or-more = Households with two or more creditors

status-idea = Idea
status-pilot = Pilot
status-in_use = In use
status-stopped = Stopped

kind-ministry = Ministry
kind-province = Province
kind-municipality = Municipality
kind-water_board = Water board
kind-agency = Agency
kind-environmental_service = Environmental service
kind-safety_region = Safety region
kind-other = Other

nav-search = Search
nav-ask = Ask a question
search-title = Search
search-lead = Search practices, organisations and people, in Dutch or English. Narrow down with the filters.
search-label = Search terms
search-placeholder = for example: early warning for debt
search-button = Search
search-kind = Search in
search-kind-all = Everything
search-kind-practice = Practice
search-kind-organisation = Organisation
search-kind-person = Person
search-sort = Sort by
search-sort-relevance = Relevance
search-sort-date = Date
search-took = ({ $ms } ms)
search-none = Nothing found. Try other words or fewer filters.
search-ask-instead = Ask your question in your own words instead
search-remove-filter = remove filter
search-facet-theme = Theme
search-facet-org_kind = Kind of organisation
search-facet-province = Province
search-facet-status = Status
search-facet-technique = Technique
ask-title = Ask a question
ask-lead = Describe your challenge in your own words. Leerpunt finds the practices that answer it, the organisations working on it and the people who know, and says why.
ask-label = Your question
ask-placeholder = How do other municipalities spot payment arrears early?
ask-organisation = Your organisation (optional)
ask-organisation-none = Not given
ask-button = Find who did this before
ask-practices = Practices that answer your question
ask-organisations = Organisations working on this
ask-people = People who know
ask-why = Why this match
ask-none = No matches found. Try putting your question differently.
ask-no-people = Nobody with a public profile shares knowledge on this yet.
similar-title = Similar practices
works-on-title = Also works on …
works-on-lead = Other organisations with practices like those of { $name }.
works-on-similar-to = like { $title }

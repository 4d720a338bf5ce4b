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
# Accounts, roles and contributions
nav-account = My account
logout = Log out
yes = Yes
no = No
save = Save
form-has-errors = Please check the fields below:
error-forbidden-title = No access
    .lead = Your account may not do this. If you think that is wrong, contact an administrator of Leerpunt.
error-throttled-title = Too many attempts
    .lead = There have been too many attempts. Wait a quarter of an hour and try again.

signup-title = Create an account
signup-lead = With an account you can keep your organisation's practices and profile current. Everyone can read, without an account.
signup-email-hint = Use your work address. With an address of a government organisation you become a member of Leerpunt.
signup-privacy = What we do with your data is explained in the
signup-submit = Create account
signup-have-account = Already have an account?
signup-done = Almost done: we sent an e-mail with a link to confirm your address. Please also check your spam folder.
field-email = E-mail address
field-name = Name
field-password = Password
field-new-password = New password
field-current-password = Current password
password-hint = At least 12 characters. A sentence of a few words is strong and easy to remember.
confirm-title = Confirm your e-mail address
confirm-lead = Press the button to confirm your e-mail address.
confirm-submit = Confirm
confirm-done = Your e-mail address is confirmed.
confirm-invalid = This link is invalid, already used or expired. Log in and ask for a new one.
login-title = Log in
login-submit = Log in
login-invalid = The e-mail address or password is not right.
login-throttled = Too many failed attempts. Wait a quarter of an hour and try again.
forgot-title = Forgot your password
forgot-lead = Enter your e-mail address. If it belongs to an account, we send a link to choose a new password.
forgot-submit = Send link
forgot-done = If this address belongs to an account, we sent an e-mail. The link is valid for an hour.
reset-title = Choose a new password
reset-submit = Save password
reset-invalid = This link is invalid, already used or expired. Ask for a new one.
deleted-title = Account deleted
deleted-lead = Your account and personal data have been deleted. Your contributions to practices stay, without your name.

account-title = My account
account-me = Details
account-confirmed = Address confirmed
account-roles = Roles
role-none = None (confirm your address to become a member)
role-visitor = Visitor
role-member = Member
role-editor = Editor
role-broker = Knowledge broker
role-admin = Administrator
account-unconfirmed = Your e-mail address is not confirmed yet.
account-resend = Send the confirmation e-mail again
account-editor-of = Editor of
account-drafts = Practices being worked on
account-join = My organisation
account-join-hint = Your organisation's code, for example GM0344 for the municipality of Utrecht. You find it on your organisation's page.
field-organisation = Organisation
field-organisation-code = Organisation code
account-profile = My profile
account-profile-lead = With a profile, colleagues at other organisations can find you by your expertise. It is public only if you choose so.
field-role = Job title
field-expertise = Expertise
field-expertise-hint = Separated by commas, for example: privacy, data analysis, archiving.
field-public-consent = I consent to my profile being shown publicly.
account-profile-public = See your public profile
account-password = Change password
account-password-submit = Change password
account-tokens = API tokens
account-tokens-lead = With an API token a program can write through the API on your behalf. A token can never do more than you, and you can revoke it at any time.
field-token-name = Token name
field-scopes = Permissions
token-created = Created
token-state = State
token-revoked = Revoked
token-revoke = Revoke
token-create = Create token
token-shown-once = Your new API token. Copy it now: we show it only once and keep only a checksum.
account-data = My data
account-data-lead = You can download everything Leerpunt holds about you, and delete your account.
account-export = Download my data (JSON)
logout-everywhere = Log out everywhere
account-delete = Delete account
account-delete-lead = Your account, profile, tokens and sessions are deleted. Practices you worked on stay, without your name.
account-delete-confirm = I understand this cannot be undone.
delete-confirm-needed = Tick the box to confirm you really want to delete your account.
password-current-wrong = Your current password is not right.
notice-confirmation-sent = We sent a new confirmation e-mail.
notice-password-changed = Your password was changed. You were logged out everywhere except here.
notice-organisation-saved = Your organisation was saved.
notice-profile-saved = Your profile was saved.
notice-token-created = The API token was created.
notice-token-revoked = The API token was revoked.

practice-new = Add a practice
practice-edit = Edit practice
practice-form-lead = Describe the problem, the approach, the data used, the results and the lessons. Fields with an error are marked.
practice-form-review = After saving, the practice is a draft. Submit it; a knowledge broker reviews it before it becomes public.
field-owner-hint = The organisation code of the owner, for example GM0344.
field-language = Language of the text
field-title = Title
field-summary = Summary
field-partners-hint = Organisation codes separated by commas, for example AG-CBS, GM0363.
field-date-hint = YYYY-MM-DD
markdown-hint = You can use Markdown: **bold**, *italic*, lists and links.
work-title = Review and versions
review-state = Review
review-draft = Draft
review-submitted = Submitted
review-published = Published
review-rejected = Rejected
review-reason = Reason for rejection
review-reason-hint = The editors see this reason and can change the practice and submit it again.
review-submit = Submit for review
review-publish = Publish
review-reject = Reject
review-queue-title = To review
review-queue-empty = Nothing is waiting for review.
revisions-title = Versions
revision = Version
revision-no-changes = No changes to the content.
author-unknown = unknown (account deleted)
org-edit = Edit profile
field-description = Description
field-name-en = English name

admin-users-title = Users and roles
admin-change-role = Change role
admin-role = Role
admin-grant = Grant
admin-revoke = Revoke
audit-title = Audit log
audit-lead = Every change by a person or API token: who, what, when and from which address.
audit-when = When
audit-who = Who
audit-what = What
audit-where = From
audit-token = token

people-title = People
people-lead = Civil servants who share their expertise and want to be found. Only those who consented are listed.
people-empty = Nobody has a public profile yet.

privacy-title = Privacy statement
privacy-lead = Leerpunt keeps as little as possible about the people who use it. This is what, why and for how long.
privacy-what-title = What we keep
privacy-what = Of an account: your e-mail address, your name (if you give it), a hashed form of your password, your organisation and roles, and the sessions and API tokens you use (only as a checksum). Of your contributions: who changed what and when, and from which internet address (the audit log).
privacy-why-title = Why
privacy-why = To know who may keep practices current on behalf of an organisation, to be able to trace misuse, and to e-mail you about your account. We use your data for nothing else and share it with nobody.
privacy-public-title = What is public
privacy-public = Published practices and organisation profiles are public. Your personal profile is public only if you consent to it; you can withdraw that consent at any time.
privacy-keep-title = For how long
privacy-keep = As long as your account exists. Sessions expire after 14 days, links in e-mails after an hour (password) or a week (confirmation). When you delete your account, your personal data goes; your contributions to practices stay, without your name.
privacy-rights-title = Your rights
privacy-rights = You can download everything we hold about you and delete your account on your account page.
privacy-cookies-title = Cookies
privacy-cookies = Leerpunt uses two functional cookies: one for the language and one for your session (only when you use a form or log in). No tracking, no analytics.

mail-confirm-subject = Confirm your e-mail address for Leerpunt
mail-confirm-body = Welcome to Leerpunt.

    Confirm your e-mail address with this link (valid for a week):
    { $link }

    Did you not create an account? Then you can ignore this e-mail.
mail-exists-subject = You already have an account at Leerpunt
mail-exists-body = Someone tried to create an account with this e-mail address, but that account already exists.

    Was that you? Then log in at { $site }/login, or choose a new password at { $site }/login/forgot.
mail-reset-subject = New password for Leerpunt
mail-reset-body = You asked for a new password for Leerpunt. Choose it with this link (valid for an hour):
    { $link }

    Did you not ask for this? Then you can ignore this e-mail; your password stays the same.

err-email = Enter a valid e-mail address, such as name@utrecht.nl.
err-password = Choose a password of at least 12 characters that is not your e-mail address.
err-current = Your current password is not right.
err-name = Enter a name of at most 200 characters.
err-role = The job title may have at most 200 characters.
err-expertise = The expertise may have at most 2000 characters.
err-organisation = We do not know this organisation code.
err-scopes = Choose at least one permission.
err-title = Enter a title of at most 300 characters.
err-summary = The summary may have at most 2000 characters.
err-owner = Choose an existing organisation as owner.
err-partners = Use existing organisation codes, and not the owner itself.
err-themes = Choose themes from the list.
err-techniques = Choose techniques from the list.
err-started_on = Enter a date as YYYY-MM-DD.
err-status = Choose a status.
err-language = Choose Dutch or English.
err-slug = The web address may contain only lowercase letters, digits and single hyphens.
err-reason = Give a reason, so the editors know what to change.
err-review = This step is not possible in the current review state.
err-website = Enter a web address starting with https://.
err-description = The description may have at most 20000 characters.
err-name_en = The English name may have at most 300 characters.
err-confirm = Tick the box to confirm you really want to delete your account.

glossary-title = Glossary
glossary-lead = The terms of data-driven government, in Dutch and English. Search uses this list to answer a question asked in one language with practices written in the other.
glossary-other-language = In Dutch

## Help desk, FAQ, following and feeds
nav-helpdesk = Help desk
helpdesk-title = Ask Leerpunt
helpdesk-lead = Stuck on a data question? Ask the help desk. Knowledge brokers put you in touch with people who solved it before, or answer it themselves.
helpdesk-ask = Ask a question
helpdesk-ask-lead = Describe your question. Before you send it, we show what is already known about it: the answer may be there already.
helpdesk-own = Your questions
helpdesk-public = Questions of others
helpdesk-none = There are no public questions yet.
helpdesk-all-themes = All themes
helpdesk-filter = Show
helpdesk-sign-in = You need an account to ask a question.
helpdesk-confirm-first = Confirm your e-mail address first; then you can ask a question.
helpdesk-field-title = Your question in one sentence
helpdesk-field-body = Details
helpdesk-field-organisation = On behalf of which organisation do you ask? (optional)
helpdesk-field-legal = My question is about privacy, the GDPR or law
helpdesk-field-public = Everyone may read my question and its answers
helpdesk-public-hint = Without this box ticked, only you, the knowledge brokers and the expert it is passed to see it.
helpdesk-check = See what is already known
helpdesk-suggestions = What is already known about this
helpdesk-suggest-answered = Already answered
helpdesk-no-suggestions = We found nothing like your question yet. Do send it.
helpdesk-answered-me = This answers my question
helpdesk-send = Send question
helpdesk-thanks-title = Glad you found the answer
helpdesk-thanks-lead = We noted that the suggestions helped you; your question was not sent.
helpdesk-asked = Your question was sent. A knowledge broker will pick it up; you get an e-mail whenever something happens.
helpdesk-asked-by = Asked by { $name }
helpdesk-assigned-to = Passed to { $name }
helpdesk-rejected-because = This question was not taken up: { $reason }
helpdesk-in-faq = The answer is also in the FAQ:
helpdesk-close = Close question
helpdesk-promote = Add to the FAQ
helpdesk-manage = Handle
helpdesk-assign-to = Pass to
helpdesk-community = Community
helpdesk-no-experts = There are no experts or communities to pass the question to.
helpdesk-assign = Pass on
helpdesk-reject = Do not take up
helpdesk-answers = { $count ->
    [one] 1 answer
   *[other] { $count } answers
}
helpdesk-accepted = Accepted answer
helpdesk-accept = Accept this answer
helpdesk-reply = Reply
helpdesk-replying-to = You are replying to answer { $id }.
helpdesk-no-answers = No answers yet.
helpdesk-your-answer = Your answer
helpdesk-answer-send = Post answer
helpdesk-sign-in-to-answer = Sign in to answer
helpdesk-queue-title = Help desk queue
helpdesk-queue-lead = Open and passed-on questions, oldest first. The suggestions answered { $deflected } questions before they were asked; { $asked } questions were asked.
helpdesk-queue-caption = Questions waiting to be handled
helpdesk-queue-empty = No questions are waiting.
helpdesk-state = State
helpdesk-age = Waiting
helpdesk-assignee = Passed to
helpdesk-days = { $n ->
    [0] today
    [one] 1 day
   *[other] { $n } days
}
helpdesk-legal-badge = Privacy and law
helpdesk-private-badge = Not public
helpdesk-state-open = Open
helpdesk-state-assigned = Passed on
helpdesk-state-answered = Answered
helpdesk-state-closed = Closed
helpdesk-state-rejected = Not taken up
helpdesk-kind-faq = FAQ
helpdesk-kind-question = Answered question
helpdesk-kind-topic = Discussion
helpdesk-kind-community = Community
faq-title = Frequently asked questions
faq-lead = Answers to questions Leerpunt is often asked, by theme. Many come from the help desk.
faq-new = New question and answer
faq-none = There are no frequently asked questions yet.
faq-search-hint = Search the FAQ:
faq-updated = Updated on { $date }
faq-from-question = The original question to the help desk
faq-edit = Edit
faq-form-title = FAQ entry
faq-form-lead = Write the question and the answer in Dutch and in English.
faq-field-question-nl = Question (Dutch)
faq-field-answer-nl = Answer (Dutch)
faq-field-question-en = Question (English)
faq-field-answer-en = Answer (English)
follow = Follow
follow-stop = Unfollow
follow-kind-theme = Theme
follow-kind-community = Community
follow-kind-organisation = Organisation
follow-kind-practice = Practice
follow-kind-question = Question
feed-link = Atom feed
feed-kind-practice = Practice
feed-kind-question = Help-desk question
feed-kind-faq = FAQ entry
feed-kind-topic = Discussion
account-following = What you follow
account-following-none = You follow nothing yet. Follow a theme, organisation, practice, community or question with the "Follow" button.
account-digest = Digest by e-mail
account-digest-hint = How often do you want an e-mail with what is new in what you follow?
account-digest-daily = Daily
account-digest-weekly = Weekly
account-digest-never = Never
account-digest-save = Save
privacy-helpdesk-title = Help desk, communities and following
privacy-helpdesk = We keep a question to the help desk with your name and, if you choose one, your organisation. Only if you choose so are the question and its answers public; otherwise only you, the knowledge brokers and the expert it is passed to see it. When the suggestions answer your question, we keep the text you typed to improve the help desk. What you follow and how often you want the digest are kept until you change them or delete your account. If you delete your account, your questions and answers stay without your name.
msg-question-ended = This question is closed or was not taken up; nothing can be added.
msg-question-not-waiting = This question no longer waits to be handled.
msg-reason-required = Give a reason.
msg-answer-unknown = That answer does not belong to this question.
msg-assignee-unknown = Choose an expert with a public profile or an existing community.
msg-faq-needs-accepted = Only a question with an accepted answer can be added to the FAQ.
msg-follow-kind = You can follow a theme, community, organisation, practice or question.
msg-digest-choice = Choose daily, weekly or never.
err-question_nl = Write the question in Dutch (at least 5 characters).
err-question_en = Write the question in English (at least 5 characters).
err-answer_nl = Write the answer in Dutch.
err-answer_en = Write the answer in English.
err-theme = Choose a theme.
err-body = Write a text of at most 20,000 characters.
mail-question-new-subject = New question to the help desk: { $title }
mail-question-new-body = A new question was asked: "{ $title }". See the queue: { $link }
mail-question-invite-subject = Do you know the answer? { $title }
mail-question-invite-body = Someone asked the help desk a question that resembles your organisation's work: "{ $title }". Perhaps you can help: { $link }
mail-question-answered-subject = New answer to: { $title }
mail-question-answered-body = An answer was posted to "{ $title }": { $link }
mail-question-accepted-subject = Answer accepted: { $title }
mail-question-accepted-body = An answer to "{ $title }" was accepted: { $link }
mail-question-closed-subject = Question closed: { $title }
mail-question-closed-body = The question "{ $title }" was closed: { $link }
mail-question-assigned-subject = Your question was passed on: { $title }
mail-question-assigned-body = A knowledge broker passed your question "{ $title }" to someone who knows more about it: { $link }
mail-question-for-you-subject = A question for you: { $title }
mail-question-for-you-body = A knowledge broker of Leerpunt passes the question "{ $title }" to you, because you know about it. Would you answer it? { $link }
mail-question-rejected-subject = Your question was not taken up: { $title }
mail-question-rejected-body = Your question "{ $title }" was not taken up. Reason: { $reason }. { $link }
mail-digest-subject = New in what you follow ({ $count })
mail-digest-body = This is new in what you follow on Leerpunt:
    
    { $items }
    
    Change what you follow and how often you get this e-mail at { $link }

## search: kinds of the living network
search-facet-kind = Kind
search-kind-question = Question
search-kind-faq = FAQ
search-kind-topic = Discussion
search-kind-community = Community
ask-answered = Already answered
mail-similar-subject = Others work on the same: { $title }
mail-similar-intro = { $org } published “{ $title }” on Leerpunt. It closely resembles work of other organisations:
mail-similar-match = { $other_title } ({ $other_org }), { $score } % similar
mail-similar-terms = Shared words: { $terms }
mail-similar-themes = Shared themes: { $themes }
mail-similar-outro = It may be worth working together. The practice: { $link }
mail-similar-editor = You get this message as an editor of { $org }.
mail-similar-follower = You get this message because you follow a theme of this practice.

## Toolkit: step plan (stappenplan)
nav-stepplan = Step plan
stepplan-title = Step plan for data-driven work
stepplan-lead = The phases of a data-driven project, from the first question to the evaluation. Each phase has a checklist and links to terms, frequently asked questions and practices of other organisations.
stepplan-demo-notice = This step plan is example content, written for Leerpunt. Knowledge brokers can adapt it.
stepplan-version-line = Version { $version }, saved on { $date }.
stepplan-edit = Edit the step plan
stepplan-previous-versions = Previous versions
stepplan-empty = There is no step plan yet.
stepplan-phases = Phases
stepplan-phase-number = Phase { $number }:
stepplan-checklist = Checklist
stepplan-further = Further reading
stepplan-faq = Frequently asked questions
stepplan-practices = Practices
stepplan-versions-title = Versions of the step plan
stepplan-version = Version { $version }
stepplan-current = Current
stepplan-author-none = Leerpunt
stepplan-is-current = This is the current version.
stepplan-is-old = This is an earlier version; the current one is version { $current }.
stepplan-to-current = To the current step plan
stepplan-changes = Changes since version { $previous }
stepplan-changes-first = Content of the first version
stepplan-content = What the step plan looked like
stepplan-form-lead = The whole step plan is in one text box, in a simple text format explained beside it. Every save makes a new version; earlier versions stay visible.
stepplan-field-plan = Step plan (Dutch and English)
stepplan-field-plan-hint = A phase starts with a line beginning with ##. See the explanation of the format.
stepplan-field-note = What changed?
stepplan-field-note-hint = A short note on this version, at most { $max } characters. It is shown in the list of versions.
stepplan-more-problems = (and { $count } more { $count ->
        [one] problem
       *[other] problems
    }, see the list at the top)
stepplan-format-title = The text format
stepplan-format-intro = Every line starts with a sign that says what it is. Blank lines are allowed anywhere. Write every text in Dutch and in English, separated by a vertical bar (|).
stepplan-format-heading = Start of a phase: a short key (lowercase letters, digits and hyphens; it becomes the anchor on the page), the Dutch and the English title (at most 120 characters).
stepplan-format-intro-nl = Introduction in Dutch. More lines are allowed; a line with only > starts a new paragraph. Markdown is allowed.
stepplan-format-intro-en = Introduction in English, in the same way.
stepplan-format-item = A checklist item, Dutch | English (each at most 300 characters, at most 30 per phase). - [ ] works too.
stepplan-format-glossary = Terms of the glossary, by their key: the Dutch term in lowercase with hyphens, as in the address /begrippen#term-impact-assessment. begrippen: works too.
stepplan-format-faq = Numbers of frequently asked questions, as in the address /faq/3.
stepplan-format-practices = Practices, by the last part of their address (/praktijken/…). praktijken: works too.
stepplan-format-rules = A step plan has 1 to 12 phases. Titles and checklist items are on one line and contain no |.
stepplan-format-example = Example of a phase
stepplan-lang-nl = Dutch
stepplan-lang-en = English
stepplan-err-line = Line { $line }: { $message }
stepplan-err-no-phases = The step plan needs at least one phase: a line starting with ##.
stepplan-err-too-many-phases = A step plan has at most { $max } phases.
stepplan-err-outside-phase = This line comes before the first phase. Start with a line ## key | Titel | Title.
stepplan-err-unknown-line = Unknown line. Start a line with ##, >, >>, -, glossary:, faq: or practices:.
stepplan-err-heading-parts = Write a phase as ## key | Dutch title | English title.
stepplan-err-item-parts = Write a checklist item as - Dutch text | English text, with exactly one |.
stepplan-err-bad-key = The key “{ $value }” may contain only lowercase letters, digits and single hyphens (at most { $max } characters).
stepplan-err-duplicate-key = The key “{ $value }” is used twice; every phase has its own key.
stepplan-err-title-missing = The { $language } title is missing.
stepplan-err-title-too-long = The { $language } title is longer than { $max } characters.
stepplan-err-intro-too-long = The { $language } introduction is longer than { $max } characters.
stepplan-err-too-many-items = A phase has at most { $max } checklist items.
stepplan-err-item-empty = The { $language } text of the checklist item is empty.
stepplan-err-item-too-long = The { $language } text of the checklist item is longer than { $max } characters.
stepplan-err-bad-glossary = “{ $value }” is not in the glossary.
stepplan-err-bad-faq = “{ $value }” is not the number of a frequently asked question.
stepplan-err-bad-practice = “{ $value }” is not a published practice.
stepplan-err-too-many-links = A phase has at most { $max } links of one kind.
stepplan-err-not-canonical = Titles and checklist items are on one line, without | and without spaces at the start or end.
stepplan-err-note = The note may have at most { $max } characters.
stepplan-err-stale = Someone else saved version { $version } in the meantime. Your text is still below; look at the earlier versions and save again to replace version { $version }.

## Communities and discussions
nav-communities = Communities
community-list-title = Communities
community-list-lead = Colleagues from different public bodies sharing knowledge around a theme and answering each other's questions. Read along, or join to start topics and reply yourself.
community-list-empty = There are no communities yet.
community-new = New community
community-edit = Edit community
community-members = { $count ->
    [one] 1 member
   *[other] { $count } members
}
community-topic-count = { $count ->
    [one] 1 discussion
   *[other] { $count } discussions
}
community-demo-notice = This is demo content: the community and its discussions are examples written for Leerpunt. The people and their experiences are invented.
community-join = Join
community-leave = Leave community
community-you-are-member = You are a member of this community.
community-you-moderate = You are a moderator of this community.
community-login-to-join = Log in to join and take part
community-topics = Discussions
community-topics-empty = There are no discussions yet. Start the first one!
community-topic-new = New discussion
community-topic-submit = Start discussion
community-replies = { $count ->
    [one] 1 reply
   *[other] { $count } replies
}
community-last-activity = last reply
community-locked-badge = Locked
community-people = Members with a public profile
community-people-empty = No members with a public profile yet.
community-moderator-badge = Moderator
community-practices = Practices on these themes
community-practices-more = All practices on { $theme }
community-field-name-nl = Name (Dutch)
community-field-name-en = Name (English)
community-field-slug = Web address
community-field-slug-hint = Lowercase letters, digits and hyphens. Leave empty to make it from the Dutch name. It does not change afterwards.
community-field-description-nl = Description (Dutch)
community-field-description-en = Description (English)
community-field-moderators = Moderators
community-field-moderators-hint = E-mail addresses or account numbers, separated by commas or new lines. Moderators become members too.
community-field-title = Title
community-field-title-hint = Between 3 and 200 characters.
community-field-body = Text
community-field-body-hint = You can use Markdown. Mention someone with @ and their name without spaces, for example @SannedeVries: members of the community then get an e-mail.
community-field-reason = Reason
community-field-hide-reason = Reason for hiding (shown to readers)
community-posts = Posts
community-in-reply-to = replies to { $name }
community-edited = edited
community-post-deleted = This post was deleted by its author.
community-post-hidden = This post was hidden by a moderator. Reason:
community-quote = Quote
community-reply-to = Reply
community-edit-post = Edit
community-delete-post = Delete
community-report = Report
community-hide = Hide
community-lock = Lock discussion
community-unlock = Reopen discussion
community-locked-notice = This discussion is locked: no more replies can be added.
community-reply = Reply
community-reply-submit = Post reply
community-join-to-reply = Join the community to reply.
community-login-to-reply = Log in and join to reply
community-notice-reported = Thank you. The moderators will look at your report.
community-post-edit = Edit post
community-post-edit-lead = You can edit a post until 30 minutes after posting it.
community-cancel = Cancel
community-reports-title = Reports
community-reports-empty = There are no open reports.
community-reported-at = reported on
community-mail-mention-subject = { $author } mentioned you in "{ $topic }"
community-mail-mention-body = Hello { $name },

    { $author } mentioned you in the discussion "{ $topic }" on Leerpunt:
    { $link }
msg-community-topic-locked = This discussion is locked: no more replies can be added.
msg-community-edit-window = A post can only be edited in the first 30 minutes after posting it.
msg-community-post-gone = This post was deleted or hidden and can no longer be edited.
err-community-name_nl = Enter a Dutch name of 3 to 120 characters.
err-community-name_en = The English name may have at most 120 characters.
err-community-description_nl = The Dutch description may have at most 5,000 characters.
err-community-description_en = The English description may have at most 5,000 characters.
err-community-slug = This web address cannot be used: use lowercase letters, digits and single hyphens, and an address that does not exist yet.
err-community-themes = Choose at most 8 themes from the list.
err-community-moderators = Name moderators by the e-mail address or number of an existing account.
err-community-title = Enter a title of 3 to 200 characters.
err-community-body = Enter a text of at most 20,000 characters.
err-community-reason = Give a reason of at most 1,000 characters.
err-community-parent_id = The post you reply to is not part of this discussion.
community-answered = Answered questions
community-answered-none = No answered questions about this community's themes yet.

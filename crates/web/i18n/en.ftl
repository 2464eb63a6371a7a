# The portal's words in English (Project Fluent, https://projectfluent.org), beside vi.ftl:
# every message of vi.ftl has its English here under the same id, and the names of the domain's
# values (statuses, kinds…) are here as `{kind}-{code}`.

## The frame of every page
site-name = Information portal of { $unit }
site-tagline = People's Council – People's Committee – Viet Nam Fatherland Front Committee of { $unit }
archive-note = { $unit } ceased to exist on { $date }. This portal keeps its records as history.
archive-note-succeeded = { $unit } ceased to exist on { $date }; { $successors } took over. This portal keeps its records as history.
successor-portals = Portals of the units that took over:
predecessor-archives = Archives of former units:
until = until { $date }
feed-news = News – { $site }
feed-programme = Changes to the joint work programme – { $site }
skip-navigation = Skip to content
search = Search
search-placeholder = Search…
search-button = Search
language = Language
main-navigation = Main navigation
breadcrumb = You are here
nav-home = Home
nav-news = News
nav-programme = Joint work programme
nav-targets = Targets
nav-rollup = Units' roll-up
nav-oversight = Oversight
nav-meetings = Meetings
nav-bodies = Bodies
nav-documents = Documents
contact-address = Address
contact-phone = Telephone
contact-email = E-mail
open-data = Open data
all-units = All units
runs-on = Runs on phoihop
pagination = Pages
previous-page = « Previous
next-page = Next »
years = Years:
download = Download:

## Home and news
latest-news = Latest news
all-news = All news »
signed-on = signed on { $date }
parties = Parties
contents = Contents
contents-count = { $count ->
    [one] { $count } joint task
   *[other] { $count } joint tasks
}
progress = Progress
progress-counts = { $done } done, { $in_progress } in progress
see-programme = The programme of { $year } »
targets-of-year = Targets of { $year }
see-targets = The table of targets »
latest-meeting = Latest meeting
news-categories = News categories
news-count = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}
download-list = download the list
open-data-archive = open data
no-news = No news yet.
illustrative-article = An illustrative article of the demo data.
other-news = Other news

## The joint work programme
signing-parties = Signing parties
signing-day = Signed on
amendment = Amendment
amended-on = on { $date } (version { $version })
review-day = Reviewed on
review-results = Results of the review
programme-document-pdf = the programme's document (PDF, in Vietnamese)
programme-contents = joint tasks
all-documents = all documents and open data
joint-tasks = Joint tasks
lead = Lead
partners = With
programme-empty = The programme has no tasks yet.
signatures = Signatures
signatures-explained-before = What is shown above is
version-n = version { $version }
version-heading = Version { $version }
signatures-explained-after = , the version in force. The head of each body signed it with a digital signature, which proves that the text has not changed since: were a single word edited, the check would say “invalid”. Status and progress are updated afterwards and are not part of what was signed.
no-signatures = No party has signed yet.
signature-valid = valid signature
signature-invalid = invalid signature
keys-and-signatures = Public keys and every signature, to check for yourself
keys-explained = Each party signs the version's canonical content (JSON) with an Ed25519 key; anyone can check it with the public keys below.
version = Version
body = Body
signer = Signer
signed-at = Signed at
check = Check
public-key = Public key
key = Key
valid = valid
invalid = invalid
see-version = Version { $version }, signed on { $date }
see-amendment = Version { $version } (amendment), signed on { $date }
attendees = Attendees
version-title = { $title } – version { $version }
programme-year = Programme { $year }
as-signed = The content exactly as the parties signed it in version { $version }.
position = No.
target = Target
plan = Plan
judged-by = Judged by

## Targets
targets-none = no targets yet
targets-accomplished = { $accomplished } of { $total } targets achieved
targets-accomplished-exceeded = { $accomplished } of { $total } targets achieved or exceeded
targets-pending = ({ $count } not yet reported)
year-sentence = { $year }: { $sentence }
verdict-counts = { $exceeded } exceeded · { $met } met · { $missed } missed
pending-count = { $count } not yet reported
according-to = under
review-report-pdf = review report (PDF, in Vietnamese)
targets-table = table of targets
results = Results
measure = Unit
actual = Actual
percent-of-plan = % of plan
verdict = Verdict
illustrative-figure = Illustrative figure
chart-plan-actual = Plan and actual, as a chart
chart-plan-actual-legend = Each line is a target (numbered as in the table): the grey bar is the plan, the coloured bar the actual – blue: exceeded, green: met, red: missed.
budget = Budget against the estimate
budget-line = Item
budget-estimate = Estimate (million đồng)
budget-actual = Actual (million đồng)
estimate = Estimate
percent-of-estimate = % of estimate
illustrative-figures-note = (*) Illustrative figures of the demo data: the original article gives the overall result, not the figures.
chart-title = Plan and actual of each target
chart-line = { $position }. { $name }: plan { $plan }, actual { $actual } – { $verdict }
distribution = Exceeded { $exceeded }, met { $met }, missed { $missed }, not reported { $not_reported }

## Bodies
bodies-of = The bodies of { $unit }
holders-on = Office holders on
show = Show
as-of = As recorded on { $date }.
no-holders = No office holders recorded yet.
term = term { $term }
leadership = Leadership
no-information = Nothing recorded yet.
open-recommendations = Recommendations to act on

## Oversight and recommendations
body-description = { $name }: { $kind }, its leadership and the recommendations it has to act on.
oversight-short = Oversight and inspection
oversight-heading = Supervision, hearings, inspections and checks
kind = Kind
conducted-by = Conducted by
subjects = Subjects
when = When
team = Team
findings = Findings
serves-tasks = Serves the joint tasks
recommendations-and-results = Recommendations and what was done
recommendations-follow-up = Follow-up of recommendations
recommendations-open = Recommendations not yet done
recommendations-overdue = Overdue recommendations
recommendations-done = Recommendations done
activity = Activity
starts = Starts
recommendations = Recommendations
recommendation-counts = { $done } done, { $open } open, { $overdue } overdue
follow-up-counts = { $open } not started · { $in_progress } in progress · { $overdue } overdue · { $done } done
filter = Filter
all = All
not-done = Not yet done
no-recommendations = No recommendations.
deadline = Deadline
responsible = Responsible
reported-done = reported done

## Meetings
meeting-description = { $kind }. Agenda: { $agenda }.
meetings-heading = Meetings and sessions
meetings-calendar = Subscribe to the meetings' calendar (iCalendar)
no-meetings = No meetings yet.
venue = Venue
chair = Chair
secretary = Secretary
minutes-of-meeting = Minutes of the meeting
add-to-calendar = Add to a calendar (.ics)
agenda = Agenda
minutes = Minutes
papers = Papers

## Roll-ups
rollup-title = Targets of the units below, { $year }
rollup-explained = Counted from the signed joint programmes of the units below; a unit that has not entered an actual figure is “not reported”, never counted as missed.
summary-report = summary report
by-indicator = by indicator
by-unit = by unit
rollup-no-indicators = The catalogue has no indicators to roll up yet.
rollup-caption = { $year }: { $units } units below
code = Code
units-with-target = Units with the target
not-reported = Not reported
distribution-heading = Distribution
combined-plan = Combined plan
combined-actual-heading = Combined actual
combined-verdict = Combined verdict
accomplished = achieved { $accomplished }
combined-actual = combined actual { $figure }
previous-year = { $year }: achieved { $accomplished }
only-counted = Units counted only
behind = Behind (furthest from the plan first):
not-reporting = Not reported:
unweighted = Left out of the mean for want of a population or household count:
each-unit = Each unit
sort-explained = Sort by a column by choosing its name; choose it again to reverse the order.
unit = Unit
targets-met = Targets achieved
tasks-done = Tasks done
in-progress = In progress
late = Late
overdue-recommendations = Overdue recommendations
programme = Programme
no-programme = No programme for { $year } (or not yet signed)

## Search
search-for = Search: { $q }
search-words = Words (with or without diacritics, for example
search-signed-in = You are signed in: the results include drafts and unpublished records (marked “Internal”).
results-none-here = { $total } results; none are left for this page.
results-range = Results { $first }–{ $last } of { $total }
results-for = for “{ $q }”
results-some-words = Nothing holds every word; below are the results that hold some of them.
did-you-mean = Did you mean:
internal = Internal
no-results = No results found.
no-results-for = No results found for “{ $q }”.
search-hint = Try fewer words or fewer filters, or type without diacritics (for example “uy ban mttq”).
year = Year
units-below = { $count } units below
every-unit = Every unit
every-year = Every year
every-body = Every body
about = about { $count }

## Documents
documents-title = Documents and open data
documents-explained = The documents made from the portal's records in the form of Decree 30/2020/NĐ-CP (PDF to read and print, Word to edit), in Vietnamese, and the lists as Excel or CSV spreadsheets.
open-data-whole = All public records (ZIP: CSV, JSON and a description of every field)
news-lower = news
year-n = { $year }
review-report-of = Review report of { $year }
follow-up-report-of = Follow-up report on the recommendations of { $year }
other-minutes = Minutes of other meetings

## Names of the domain's values (English only: Vietnamese takes the domain's own)
programme-status-draft = Draft
programme-status-signed = Signed
programme-status-in_progress = In progress
programme-status-reviewed = Reviewed
item-status-not_started = Not started
item-status-in_progress = In progress
item-status-done = Done
item-status-postponed = Postponed
evaluation-pending = Not yet reported
evaluation-missed = Missed
evaluation-met = Met
evaluation-exceeded = Exceeded
direction-higher = The higher the better
direction-lower = The lower the better
direction-yes_no = Met or not
direction-rank = Rank
follow-up-open = Not started
follow-up-in_progress = In progress
follow-up-done = Done
follow-up-overdue = Overdue
oversight-kind-thematic_supervision = Thematic supervision
oversight-kind-hearing = Hearing
oversight-kind-inspection = Inspection
oversight-kind-check = Check
oversight-kind-front_supervision = Supervision by the Fatherland Front
oversight-kind-social_critique = Social critique
meeting-kind-review_and_signing = Review and signing conference
meeting-kind-council_session = Session of the People's Council
meeting-kind-hearing = Hearing
meeting-kind-voter_contact = Meeting with voters
meeting-kind-working = Working meeting
body-kind-party_committee = Party Committee
body-kind-peoples_council = People's Council
body-kind-council_committee = Committee of the People's Council
body-kind-peoples_committee = People's Committee
body-kind-fatherland_front = Viet Nam Fatherland Front Committee
combine-sum = Summed over the units
combine-mean_by_population = Mean weighted by population
combine-mean_by_households = Mean weighted by households
combine-count_met = Only the units that met it are counted
search-kind-article = News
search-kind-programme_item = Joint task
search-kind-target = Target
search-kind-oversight = Oversight
search-kind-recommendation = Recommendation
search-kind-meeting = Meeting
search-kind-body = Body
search-kind-person = Official

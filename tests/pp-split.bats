#!/usr/bin/env bats
# pp-split: listing pages in, one JSON record per paper out.
bats_require_minimum_version 1.5.0
load helper

S="$DATA/pp-split"

# golden FILE [DIR]: pp-split --year 2025 FILE, run in DIR, is byte for byte
# FILE.expected and says nothing on stderr.
golden() {
	cd "${2:-$DATA}"
	run --separate-stderr pp-split --year 2025 "$1"
	assert_success
	[ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
	diff -u "$S/$1.expected" <(printf '%s\n' "$output")
}

# --- golden files: every example page ---------------------------------------

@test "golden: hf-search page" { golden hf-search-knowledge-transfer.txt; }
@test "golden: hf-daily page" { golden hf-daily-knowledge-transfer.txt; }
@test "golden: arXiv daily mailing with a cross-list and replacements" {
	golden arxiv-new-math.OA-2023-06-09.txt
}
@test "golden: arXiv daily mailing, q-fin" { golden arxiv-new-q-fin-2023-03-17.txt; }
@test "golden: arXiv past-week listing" { golden arxiv-pastweek-astro-ph.CO.txt; }
@test "golden: arXiv web listing copied from a browser" {
	golden arxiv-web-listing.txt "$S"
}
@test "golden: arXiv metadata snapshot (NDJSON)" {
	golden arxiv-metadata-snapshot-50.ndjson
}
@test "golden: markdown headings, links, navigation and bare URLs" {
	golden markdown.txt "$S"
}
@test "golden: bullets and organisation names" { golden bullets.txt "$S"; }
@test "golden: counts before titles, comment counts after dates" {
	golden votes.txt "$S"
}
@test "golden: metadata blocks joined on one line" { golden inline.txt "$S"; }
@test "golden: hard-wrapped titles and abstracts" { golden wrapped.txt "$S"; }
@test "golden: a page listing each paper twice" { golden twice.txt "$S"; }
@test "golden: Hugging Face daily-papers API array" { golden hf-api.json "$S"; }
@test "golden: arXiv snapshot as a JSON array" { golden snapshot-array.json "$S"; }

# --- hf-search ---------------------------------------------------------------

@test "hf-search: 227 records, the first SpeechGPT without the glued Subscribe" {
	run pp-split "$DATA/hf-search-knowledge-transfer.txt"
	assert_success
	[ "${#lines[@]}" -eq 227 ]
	run jq -r .title <<<"${lines[0]}"
	assert_output "SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities"
}

@test "hf-search: page boilerplate never becomes a record" {
	run sh -c "pp-split '$DATA/hf-search-knowledge-transfer.txt' | jq -r .title"
	assert_success
	refute_output --partial "Get trending papers"
	refute_output --partial "Subscribe"
	run sh -c "pp-split '$DATA/hf-search-knowledge-transfer.txt' | jq -c 'keys' | sort -u"
	assert_output '["abstract","source","title"]'
}

@test "hf-search: every title and abstract line pair is one record, in order" {
	run sh -c "pp-split '$DATA/hf-search-knowledge-transfer.txt' | jq -r .title"
	diff <(sed -n '3~2p' "$DATA/hf-search-knowledge-transfer.txt" |
	    sed 's/^Subscribe//') <(printf '%s\n' "$output")
}

# --- hf-daily ----------------------------------------------------------------

@test "hf-daily: 39 records, 37 with n_authors and date, none with upvotes the page does not show" {
	run sh -c "pp-split --year 2025 '$DATA/hf-daily-knowledge-transfer.txt' | jq -s 'length, (map(select(.n_authors and .date)) | length), (map(select(.upvotes)) | length)'"
	assert_output "39
37
0"
}

@test "hf-daily: OmniGen has 9 authors, 2024-09-17 and 7 comments (the count beside the date)" {
	run sh -c "pp-split '$DATA/hf-daily-knowledge-transfer.txt' 2>/dev/null | jq -c 'select(.title == \"OmniGen: Unified Image Generation\") | [.n_authors, .date, .n_comments, .upvotes]'"
	assert_output '[9,"2024-09-17",7,null]'
}

@test "hf-daily: the two records without metadata carry only title and abstract" {
	run sh -c "pp-split '$DATA/hf-daily-knowledge-transfer.txt' 2>/dev/null | jq -c 'select(.date == null) | keys'"
	assert_output '["abstract","source","title"]
["abstract","source","title"]'
}

@test "hf-daily: 'May 5 1' on a page headed 'Dec 8' is May 5 of --year with 1 comment" {
	run sh -c "pp-split --year 2023 '$DATA/hf-daily-knowledge-transfer.txt' | jq -c 'select(.title | startswith(\"Cognitio\")) | [.date, .n_comments]'"
	assert_output '["2023-05-05",1]'
}

@test "hf-daily: a date with a year and no count gives no count: none is invented" {
	run sh -c "pp-split '$DATA/hf-daily-knowledge-transfer.txt' 2>/dev/null | jq -c 'select(.title | startswith(\"Revisiting MLLMs\")) | [.date, .upvotes, .n_comments]'"
	assert_output '["2024-12-20",null,null]'
}

@test "hf-daily: a page headed 'Dec 8' is the last Dec 8 not after today (SOURCE_DATE_EPOCH)" {
	# today 2025-12-10: the page is 2025-12-08, May 5 is 2025-05-05
	run sh -c "SOURCE_DATE_EPOCH=1765324800 pp-split '$DATA/hf-daily-knowledge-transfer.txt' | jq -r 'select(.title | startswith(\"Cognitio\")) | .date'"
	assert_output "2025-05-05"
	# today 2025-12-01: Dec 8 is still to come, the page is 2024-12-08
	run sh -c "SOURCE_DATE_EPOCH=1764547200 pp-split '$DATA/hf-daily-knowledge-transfer.txt' | jq -r 'select(.title | startswith(\"Cognitio\")) | .date'"
	assert_output "2024-05-05"
}

@test "hf-daily: a date without a year that would be after today is warned of" {
	# tomorrow, shown without a year: the page is likely last year's
	case "$(date +%m-%d)" in 12-31|01-01) skip "the test's dates cross a year" ;; esac
	printf 'Daily Papers\n\nA Title\n\n%s\n\n  \xe2\x80\xa2 3 authors\n\xc2\xb7\n%s 4\n\nB Title\n\n%s\n\n  \xe2\x80\xa2 2 authors\n\xc2\xb7\n%s 4\n' \
	    "An abstract long enough to be one, ending with a full stop as abstracts do." \
	    "$(date -d yesterday '+%b %-d')" \
	    "Another abstract long enough to be one, ending with a full stop as they do." \
	    "$(date -d tomorrow '+%b %-d')" >"$BATS_TEST_TMPDIR/p.txt"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/p.txt"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	[ "$stderr" = "pp-split: $BATS_TEST_TMPDIR/p.txt:17: a date without a year taken as $(date -d tomorrow +%F), after today: give --year" ]
	# with --year the user has said which year: no warning
	run --separate-stderr pp-split --year "$(date +%Y)" "$BATS_TEST_TMPDIR/p.txt"
	[ -z "$stderr" ]
}

@test "hf-daily: the page's own date is no record and no title" {
	run sh -c "pp-split '$DATA/hf-daily-knowledge-transfer.txt' 2>/dev/null | jq -r .title"
	refute_line "Dec 8"
	refute_line "Daily Papers"
	refute_line "byAK and the research community"
}

@test "hf-daily: a page copied without blank lines gives the same records" {
	grep -v '^$' "$DATA/hf-daily-knowledge-transfer.txt" > "$BATS_TEST_TMPDIR/p.txt"
	diff <(pp-split "$DATA/hf-daily-knowledge-transfer.txt" | jq -c 'del(.source)') \
	    <(pp-split "$BATS_TEST_TMPDIR/p.txt" | jq -c 'del(.source)')
}

@test "hf-daily: CRLF line ends change nothing but nothing" {
	sed 's/$/\r/' "$DATA/hf-daily-knowledge-transfer.txt" > "$BATS_TEST_TMPDIR/p.txt"
	diff <(pp-split "$DATA/hf-daily-knowledge-transfer.txt" | jq -c 'del(.source)') \
	    <(pp-split "$BATS_TEST_TMPDIR/p.txt" | jq -c 'del(.source)')
}

# --- tolerance -----------------------------------------------------------------

@test "markdown: '### [Title](url)' gives the title, the url and the id" {
	run sh -c "pp-split '$S/markdown.txt' | jq -c '[.title, .id, .url]'"
	assert_output '["OmniGen: Unified Image Generation","2409.11340","https://huggingface.co/papers/2409.11340"]
["Beyond Not-Forgetting: Continual Learning with Backward Knowledge Transfer","2211.00789","https://arxiv.org/abs/2211.00789v2"]'
}

@test "markdown: a link around a title hard-wrapped over two lines is taken off" {
	run --separate-stderr pp-split "$S/markdown-wrapped.txt"
	assert_success
	run jq -r '[.title, .url, .id] | @tsv' <<<"$output"
	assert_line -n 0 "$(printf '%s\t%s\t%s' 'Beyond Not-Forgetting: Continual Learning with Backward Knowledge Transfer' \
	    https://huggingface.co/papers/2211.00789 2211.00789)"
	assert_line -n 1 "$(printf '%s\t%s\t%s' 'OmniGen: Unified Image Generation' \
	    https://huggingface.co/papers/2409.11340 2409.11340)"
}

@test "markdown: navigation links and bare URL lines are no records" {
	run sh -c "pp-split '$S/markdown.txt' | wc -l"
	assert_output 2
	run sh -c "pp-split '$S/markdown.txt' | jq -r .abstract"
	refute_output --partial "github.com/example"
}

@test "bullets • * - before 'N authors' all count the authors" {
	run sh -c "pp-split '$S/bullets.txt' 2>/dev/null | jq -c '.n_authors'"
	assert_output "9
4
null
null"
}

@test "an organisation's name instead of a count is no record and no title" {
	run sh -c "pp-split --year 2025 '$S/bullets.txt' | jq -c '[.title[:20], .date, .n_comments]'"
	assert_output '["OmniGen: Unified Ima","2024-09-17",7]
["Beyond Not-Forgettin","2022-11-01",null]
["Cognitio Emergens: A","2025-05-05",1]
["Knowledge Distillati","2023-06-20",null]'
}

@test "a count before the title is the upvotes, '-' none; the count after the date the comments" {
	run sh -c "pp-split '$S/votes.txt' 2>/dev/null | jq -c '[.upvotes, .n_comments, .date, .source]'"
	assert_output '[7,3,"2024-09-17","'"$S"'/votes.txt:1"]
[null,null,"2022-11-01","'"$S"'/votes.txt:11"]
[1,12,"'"$(date +%Y)"'-05-05","'"$S"'/votes.txt:21"]
[null,5,"2023-06-20","'"$S"'/votes.txt:31"]'
}

@test "hard-wrapped titles and abstracts are joined with one space" {
	run sh -c "pp-split '$S/wrapped.txt' 2>/dev/null | jq -r .title"
	assert_output "Cognitio Emergens: Agency, Dimensions, and Dynamics in Human-AI Knowledge Co-Creation
OmniGen: Unified Image Generation"
	diff <(pp-split "$S/wrapped.txt" | jq -r .abstract | sort) \
	    <(pp-split "$S/bullets.txt" | jq -r 'select(.title | test("^(Cognitio|OmniGen)")) | .abstract' | sort)
}

@test "'• 9 authors · Sep 17, 2024 7' on one line is a metadata block" {
	diff <(pp-split "$S/inline.txt" | jq -c 'del(.source)') \
	    <(pp-split "$S/bullets.txt" | jq -c 'del(.source)')
}

@test "a short last paragraph of an abstract is the abstract's, not a record" {
	run --separate-stderr pp-split --year 2025 "$S/short-paragraph.txt"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	run jq -r '[.title, (.abstract | endswith("Code is available at github.com/x/omnigen.")),
	    .n_authors, .date, .n_comments] | @tsv' <<<"$output"
	assert_line -n 0 "$(printf 'OmniGen: Unified Image Generation\ttrue\t9\t2024-09-17\t7')"
	assert_line -n 1 --partial "Beyond Not-Forgetting"
}

@test "'9 authors ·' and '· Nov 1, 2022' lines keep their count and date" {
	run --separate-stderr pp-split --year 2025 "$S/dot-split.txt"
	assert_success
	run jq -r '[.n_authors, .date, .n_comments] | @tsv' <<<"$output"
	assert_output "$(printf '9\t2024-09-17\t7\n4\t2022-11-01\t')"
}

@test "a wrapped title whose last line is a word of the site's menu ('Models') keeps it" {
	run --separate-stderr pp-split --year 2025 "$S/title-wrapped-nav-word.txt"
	assert_success
	run jq -r .title <<<"$output"
	assert_line -n 0 'Unlock the Power: Competitive Distillation for Multi-Modal Large Language Models'
	assert_line -n 1 'Name Tagging Under Domain Shift via Metric Learning for Life Sciences'
}

@test "a paper listed twice is written once" {
	run sh -c "pp-split '$S/twice.txt' | jq -r .title"
	assert_output "OmniGen: Unified Image Generation
Beyond Not-Forgetting: Continual Learning with Backward Knowledge Transfer"
}

@test "two papers with one title but different abstracts are both written" {
	a1='Knowledge distillation transfers what a large teacher model knows to a small student model.'
	a2='This survey reviews knowledge distillation from the point of view of its applications in vision.'
	printf 'Knowledge Distillation: A Survey\n%s\nKnowledge Distillation: A Survey\n%s\nKnowledge Distillation: A Survey\n%s\n' \
	    "$a1" "$a2" "$a1" >"$BATS_TEST_TMPDIR/p.txt"
	run --separate-stderr pp-split --format hf-search "$BATS_TEST_TMPDIR/p.txt"
	assert_success
	run jq -r .abstract <<<"$output"
	assert_output "$(printf '%s\n%s' "$a1" "$a2")"
}

@test "1,400 papers whose abstracts differ in one byte each are all written; the one repeated is written once" {
	# The repeat check keeps a digest of each paper: one byte anywhere
	# must change it.  A digest whose last step spread a difference over
	# four bytes only took two of these for one (one paper lost here).
	awk 'BEGIN {
		print "Daily Papers\n\nbyAK and the research community\n\nDec 8\n"
		for (i = 0; i < 40; i++)
			base = base "knowledge transfer between modalities "
		base = substr(base, 1, 1400)
		for (i = 0; i <= 1400; i++) {
			k = i < 1400 ? i : 5	# the last repeats the sixth
			a = substr(base, 1, k) "X" substr(base, k + 2)
			printf "Cross-Modal Transfer by Distillation\n\n%s\n\n" \
			    "  \342\200\242 7 authors\n\302\267\nJan 10, 2016 21\n\n", a
		}
	}' >"$BATS_TEST_TMPDIR/near.txt"
	run --separate-stderr pp-split --year 2025 "$BATS_TEST_TMPDIR/near.txt"
	assert_success
	[ "${#lines[@]}" -eq 1400 ]
	run sh -c "pp-split --year 2025 '$BATS_TEST_TMPDIR/near.txt' | jq -r .abstract | sort -u | wc -l"
	assert_output 1400
}

@test "a title is never an abstract or a date" {
	cd "$S"
	run sh -c "cat *.expected | jq -r .title | grep -Ec '^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]|^.{401,}'"
	assert_output 0
}

@test "text that looks like an abstract but has no title is reported, not invented" {
	printf 'Get trending papers in your email inbox!\n%s\n' \
	    "$(sed -n 4p "$DATA/hf-search-knowledge-transfer.txt")" > "$BATS_TEST_TMPDIR/p.txt"
	run --separate-stderr pp-split --format hf-search "$BATS_TEST_TMPDIR/p.txt"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"p.txt:2: text without a title skipped"* ]]
}

@test "title and abstract white space runs are collapsed to one space" {
	printf 'A  title\twith   gaps\n  An abstract,\t with gaps  and a trailing space, long enough to be one.   \n' |
	    pp-split --format hf-search > "$BATS_TEST_TMPDIR/o"
	run jq -c '[.title, .abstract]' "$BATS_TEST_TMPDIR/o"
	assert_output '["A title with gaps","An abstract, with gaps and a trailing space, long enough to be one."]'
}

@test "quotes, backslashes and control characters are escaped" {
	printf 'The "Quoted" \\LaTeX\\ \001Title\nWe show that a "quoted" term and a \\backslash survive the trip intact.\n' |
	    pp-split --format hf-search > "$BATS_TEST_TMPDIR/o"
	run jq -r .title "$BATS_TEST_TMPDIR/o"
	assert_output "$(printf 'The "Quoted" \\LaTeX\\ \001Title')"
	run jq -r .abstract "$BATS_TEST_TMPDIR/o"
	assert_output 'We show that a "quoted" term and a \backslash survive the trip intact.'
}

# --- arXiv -------------------------------------------------------------------

@test "arxiv: a cross-list keeps its id, date, categories, comments and url" {
	run sh -c "pp-split '$DATA/arxiv-new-math.OA-2023-06-09.txt' | head -1 | jq -c '[.id, .date, .categories, .comments, .url, .authors]'"
	assert_output '["2306.04713","2023-06-07",["math.GR","math.DS","math.OA"],"7 pages, no figures","https://arxiv.org/abs/2306.04713",["Ben Hayes","Srivatsav Kunnawalkam Elayavalli"]]'
}

@test "arxiv: a replacement has no abstract; MSC-class is a key, Journal-ref the venue, DOI the doi" {
	run sh -c "pp-split '$DATA/arxiv-new-math.OA-2023-06-09.txt' | sed -n 2p | jq -c '[.abstract, .title, .msc_class, .venue, .doi, .n_authors]'"
	assert_output '[null,"Shifted Substitution in Non-Commutative Multivariate Power Series with a View Toward Free Probability","16T05, 16T10, 16T30, 17A30, 46L53, 46L54","SIGMA 19 (2023), 038, 17 pages","10.3842/SIGMA.2023.038",4]'
}

@test "arxiv: extra keys come after venue and before url, in DESIGN's order" {
	run sh -c "pp-split '$DATA/arxiv-new-math.OA-2023-06-09.txt' | sed -n 3p | jq -c keys_unsorted"
	assert_output '["title","authors","n_authors","id","categories","comments","doi","venue","msc_class","replaced","url","source"]'
}

@test "arxiv: multi-line author lists are joined and split on ', ' and ' and '" {
	run sh -c "pp-split '$DATA/arxiv-pastweek-astro-ph.CO.txt' | jq -c 'select(.id == \"2303.00916\") | [.n_authors, .authors[-2:]]'"
	assert_output '[17,["Edward J. Wollack","The CMB-S4 Collaboration"]]'
}

@test "arxiv: authors typed with a space before commas or ',and' are split and trimmed" {
	run --separate-stderr pp-split "$S/arxiv-author-spacing.txt"
	assert_success
	run jq -c '[.authors, .n_authors]' <<<"$output"
	assert_output '[["Louis Saddier","Matteo Marsili","Bob X","Carol"],4]'
}

@test "arxiv: a past-week listing gives 63 records, none from its day separators" {
	run sh -c "pp-split '$DATA/arxiv-pastweek-astro-ph.CO.txt' | jq -s 'length, (map(select(.abstract)) | length), (map(select(.date and .id and .title and .url)) | length)'"
	assert_output "63
0
63"
}

@test "arxiv: the daily mailing gives 16 records, 3 replacements without abstract" {
	run sh -c "pp-split '$DATA/arxiv-new-q-fin-2023-03-17.txt' | jq -s 'length, (map(select(.abstract == null)) | length)'"
	assert_output "16
3"
}

@test "arxiv: a mailing's replacement ('replaced with revised version' under its id) has \"replaced\":true, as the HTML page gives it; the others have no such key" {
	run sh -c "pp-split '$DATA/arxiv-new-q-fin-2023-03-17.txt' | jq -r '[.id, .replaced] | @tsv'"
	assert_success
	[ "$(grep -c 'true$' <<<"$output")" = 3 ]
	assert_line "$(printf '2011.00552\ttrue')"
	assert_line "$(printf '2203.01664\ttrue')"
	assert_line "$(printf '2206.14015\ttrue')"
	[ "$(grep -c '	$' <<<"$output")" = 13 ]
	# the revision's date is not the paper's
	run sh -c "pp-split '$DATA/arxiv-new-q-fin-2023-03-17.txt' | jq -r 'select(.replaced) | .date'"
	assert_output "null
null
null"
}

@test "arxiv: a web listing's entries, '[1]  arXiv:ID [pdf, other]', are records" {
	run --separate-stderr pp-split "$S/arxiv-web-listing.txt"
	assert_success
	run jq -r '[.id, (.categories | join(" ")), (.abstract != null)] | @tsv' <<<"$output"
	assert_output "$(printf '%s\t%s\t%s\n' 2303.08867 'q-fin.TR cond-mat.stat-mech' true \
	    2303.08968 q-fin.CP true 2303.09011 'econ.GN q-fin.EC' true 2201.00001 q-fin.CP false)"
}

@test "arxiv: white space at line ends and before the id and \\\\ lines changes nothing" {
	# the first two entries of the q-fin mailing, as a mail client or a
	# copy from a browser leaves them: trailing blanks, indented markers
	run --separate-stderr pp-split "$S/arxiv-spaces.txt"
	assert_success
	[ -z "$stderr" ]
	diff <(head -2 "$S/arxiv-new-q-fin-2023-03-17.txt.expected" |
	    sed 's/,"source":.*//') <(printf '%s\n' "$output" | sed 's/,"source":.*//')
}

@test "arxiv: an abstract line starting with an arXiv id is abstract text" {
	printf '%s\n' '\\' 'arXiv:2301.00001' 'Date: Mon, 2 Jan 2023 10:00:00 GMT   (10kb)' '' \
	    'Title: A title' 'Authors: A. Author' 'Categories: cs.LG' '\\' '  We extend' \
	    'arXiv:2212.00002 with more results.' '\\ ( https://arxiv.org/abs/2301.00001 ,  10kb)' |
	    pp-split > "$BATS_TEST_TMPDIR/o"
	run jq -c '[.id, .date, .abstract, .source]' "$BATS_TEST_TMPDIR/o"
	assert_output '["2301.00001","2023-01-02","We extend arXiv:2212.00002 with more results.","-:2"]'
}

# --- json ----------------------------------------------------------------------

@test "json: the arXiv snapshot maps authors_parsed, first version date, categories" {
	run sh -c "pp-split '$DATA/arxiv-metadata-snapshot-50.ndjson' | head -1 | jq -c '[.authors, .date, .categories, .report_no, .submitter, .title]'"
	assert_output '[["C. Balázs","E. L. Berger","P. M. Nadolsky","C. -P. Yuan"],"2007-04-02",["hep-ph"],"ANL-HEP-PR-07-12","Pavel Nadolsky","Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"]'
}

@test "json: a first version's date whose year runs on gives no date, and the record keeps it (the fuzzer's find: int overflow)" {
	printf '%s\n' '{"id":"0704.0048","title":"White dwarf binaries","versions":[{"version":"v1","created":"Sat, 31 Mar 11111111111112007 19:17:47 GMT"}]}' \
	    '{"id":"0704.0049","title":"A second paper","versions":[{"version":"v1","created":"Sat, 31 Mar 2007 19:17:47 GMT"}]}' >"$BATS_TEST_TMPDIR/v.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/v.json"
	assert_success
	run jq -c '[.date, .versions[0].created]' <<<"$output"
	assert_output '[null,"Sat, 31 Mar 11111111111112007 19:17:47 GMT"]
["2007-03-31",null]'
}

@test "json: an arXiv snapshot authors string without authors_parsed loses its affiliations, not its names" {
	printf '%s\n' '{"id":"astro-ph/0701001","title":"Magnetic helicity fluxes","authors":"Axel Brandenburg ((1) IUCAA, (2) NORDITA), Kandaswamy Subramanian (1), and Anvar Shukurov","abstract":"Helicity is conserved."}' >"$BATS_TEST_TMPDIR/s.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/s.json"
	assert_success
	run jq -c '[.authors, .n_authors]' <<<"$output"
	assert_output '[["Axel Brandenburg","Kandaswamy Subramanian","Anvar Shukurov"],3]'
}

@test "json: ids given as arXiv URLs or with a capital V lose them; an RFC 822 date becomes DESIGN's" {
	printf '%s\n' '{"title":"T1","id":"https://arxiv.org/abs/2401.01236v2"}' \
	    '{"title":"T2","id":"http://arxiv.org/pdf/2401.01238v1.pdf"}' \
	    '{"title":"T3","id":"ARXIV:2401.01237V2"}' \
	    '{"title":"T4","id":"1706.03762","date":"Mon, 2 Apr 2007 19:18:42 GMT"}' >"$BATS_TEST_TMPDIR/ids.jsonl"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/ids.jsonl"
	assert_success
	run jq -c '[.id, .date]' <<<"$output"
	assert_output '["2401.01236",null]
["2401.01238",null]
["2401.01237",null]
["1706.03762","2007-04-02"]'
}

@test "json: a field of the wrong type is kept as KEY_raw and said once a file, never written with the wrong type nor half read (the fuzzer's find)" {
	printf '%s\n' '{"title":"T1","authors":5,"upvotes":"many"}' \
	    '{"title":"T2","authors":[1,"A B"],"categories":[1,2],"id":{"x":1}}' \
	    '{"title":"T3","authors":7}' >"$BATS_TEST_TMPDIR/t.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/t.json"
	assert_success
	assert_output '{"title":"T1","authors_raw":5,"upvotes_raw":"many","source":"'"$BATS_TEST_TMPDIR"'/t.json:1"}
{"title":"T2","authors_raw":[1,"A B"],"categories_raw":[1,2],"id_raw":{"x":1},"source":"'"$BATS_TEST_TMPDIR"'/t.json:2"}
{"title":"T3","authors_raw":7,"source":"'"$BATS_TEST_TMPDIR"'/t.json:3"}'
	[ "${#stderr_lines[@]}" -eq 4 ]
	[[ ${stderr_lines[0]} == *"/t.json:1: \"authors\" is a number, not a list of strings: kept as \"authors_raw\"" ]]
	[[ ${stderr_lines[2]} == *"/t.json:2: \"categories\" holds a value that is not a string: kept as \"categories_raw\"" ]]
}

@test "json: categories with a value that is not a string after names is kept whole as categories_raw and said, as authors is" {
	printf '%s\n' '{"title":"T1","categories":["cs.LG",1]}' \
	    '{"title":"T2","categories":["cs.CL",null,"cs.AI"]}' \
	    '{"title":"T3","categories":["cs.LG","stat.ML"]}' >"$BATS_TEST_TMPDIR/c.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/c.json"
	assert_success
	assert_output '{"title":"T1","categories_raw":["cs.LG",1],"source":"'"$BATS_TEST_TMPDIR"'/c.json:1"}
{"title":"T2","categories_raw":["cs.CL",null,"cs.AI"],"source":"'"$BATS_TEST_TMPDIR"'/c.json:2"}
{"title":"T3","categories":["cs.LG","stat.ML"],"source":"'"$BATS_TEST_TMPDIR"'/c.json:3"}'
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ ${stderr_lines[0]} == *"/c.json:1: \"categories\" holds a value that is not a string: kept as \"categories_raw\"" ]]
}

@test "json: an empty date is no date, not date_raw, and no message says a string is not a string" {
	printf '%s\n' '{"title":"T1","date":""}' '{"title":"T2","date":"  "}' \
	    '{"title":"T3","date":"","publishedAt":"2024-01-02T10:00:00Z"}' \
	    '{"title":"T4","date":"soon"}' '{"title":"T5","d\u0061te":"2024-05-06"}' \
	    '{"title":"T6","date":5}' >"$BATS_TEST_TMPDIR/d.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/d.json"
	assert_success
	assert_output '{"title":"T1","source":"'"$BATS_TEST_TMPDIR"'/d.json:1"}
{"title":"T2","source":"'"$BATS_TEST_TMPDIR"'/d.json:2"}
{"title":"T3","date":"2024-01-02","source":"'"$BATS_TEST_TMPDIR"'/d.json:3"}
{"title":"T4","date":"soon","source":"'"$BATS_TEST_TMPDIR"'/d.json:4"}
{"title":"T5","date":"2024-05-06","source":"'"$BATS_TEST_TMPDIR"'/d.json:5"}
{"title":"T6","date_raw":5,"source":"'"$BATS_TEST_TMPDIR"'/d.json:6"}'
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ ${stderr_lines[0]} == *"/d.json:6: \"date\" is a number, not a string: kept as \"date_raw\"" ]]
}

@test "json: a wrong-typed key whose KEY_raw the source has takes KEY_raw_raw: the source's passes through, no key twice" {
	printf '%s\n' '{"title":"T1","authors":5,"authors_raw":"mine"}' \
	    '{"title":"T2","id":{"x":1},"paper":{"id_raw":"r"}}' >"$BATS_TEST_TMPDIR/r.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/r.json"
	assert_success
	assert_output '{"title":"T1","authors_raw_raw":5,"authors_raw":"mine","source":"'"$BATS_TEST_TMPDIR"'/r.json:1"}
{"title":"T2","id_raw_raw":{"x":1},"id_raw":"r","source":"'"$BATS_TEST_TMPDIR"'/r.json:2"}'
	[ "${#stderr_lines[@]}" -eq 2 ]
	[[ ${stderr_lines[0]} == *"/r.json:1: \"authors\" is a number, not a list of strings: kept as \"authors_raw_raw\"" ]]
}

@test "json: of a paper's value and the outer object's for a key, the one of the record's type wins and the other is KEY_raw" {
	printf '%s\n' '{"title":"T1","authors":["A B"],"paper":{"authors":5}}' \
	    '{"paper":{"title":"T2","upvotes":"many"},"upvotes":3}' \
	    '{"title":"T3","upvotes":"many","paper":{"upvotes":3}}' \
	    '{"paper":{"title":"T4","date":""},"date":"2024-01-01"}' \
	    '{"title":"T5","paper":{"title":5}}' >"$BATS_TEST_TMPDIR/p.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/p.json"
	assert_success
	assert_output '{"title":"T1","authors":["A B"],"n_authors":1,"authors_raw":5,"source":"'"$BATS_TEST_TMPDIR"'/p.json:1"}
{"title":"T2","upvotes":3,"upvotes_raw":"many","source":"'"$BATS_TEST_TMPDIR"'/p.json:2"}
{"title":"T3","upvotes":3,"upvotes_raw":"many","source":"'"$BATS_TEST_TMPDIR"'/p.json:3"}
{"title":"T4","date":"2024-01-01","source":"'"$BATS_TEST_TMPDIR"'/p.json:4"}
{"title":"T5","title_raw":5,"source":"'"$BATS_TEST_TMPDIR"'/p.json:5"}'
	[ "${#stderr_lines[@]}" -eq 3 ]
	[[ ${stderr_lines[0]} == *"/p.json:1: \"authors\" is a number, not a list of strings: kept as \"authors_raw\"" ]]
	[[ ${stderr_lines[1]} == *"/p.json:2: \"upvotes\" is a string, not an integer: kept as \"upvotes_raw\"" ]]
	[[ ${stderr_lines[2]} == *"/p.json:5: \"title\" is a number, not a string: kept as \"title_raw\"" ]]
}

@test "json: report-no beside a report_no of the source keeps its name: no key twice" {
	printf '%s\n' '{"title":"T1","report-no":"A","report_no":"B"}' \
	    '{"title":"T2","report-no":" A  B"}' >"$BATS_TEST_TMPDIR/n.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/n.json"
	assert_success
	assert_output '{"title":"T1","report-no":"A","report_no":"B","source":"'"$BATS_TEST_TMPDIR"'/n.json:1"}
{"title":"T2","report_no":"A B","source":"'"$BATS_TEST_TMPDIR"'/n.json:2"}'
}

@test "json: an empty authors_parsed does not hide the names of authors" {
	run --separate-stderr pp-split - <<<'{"id":"0704.0001","title":"T","authors":"A. Smith and E. L. Berger","authors_parsed":[]}'
	assert_success
	run jq -c '[.authors, .n_authors]' <<<"$output"
	assert_output '[["A. Smith","E. L. Berger"],2]'
}

@test "json: a date that is not a full ISO date is kept as it came" {
	run --separate-stderr pp-split - <<-'EOF'
	{"title":"a","date":"2024"}
	{"title":"b","date":"2024-05"}
	{"title":"c","date":"2024-05-06T10:00:00Z"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	{"title":"a","date":"2024","source":"-:1"}
	{"title":"b","date":"2024-05","source":"-:2"}
	{"title":"c","date":"2024-05-06","source":"-:3"}
	EOF
}

@test "json: a 'paper' key that is not the API's object passes through" {
	run --separate-stderr pp-split - <<<'{"title":"a","paper":"2409.11340"}'
	assert_success
	assert_output '{"title":"a","paper":"2409.11340","source":"-:1"}'
}

@test "json: an array gives the same records as NDJSON" {
	diff <(pp-split "$DATA/arxiv-metadata-snapshot-50.ndjson" | head -3 | jq -c 'del(.source)') \
	    <(pp-split "$S/snapshot-array.json" | jq -c 'del(.source)')
}

@test "json: the Hugging Face API shape maps paper fields and keeps the others" {
	run sh -c "pp-split '$S/hf-api.json' | head -1 | jq -c '[.title, .authors, .date, .upvotes, .url, .n_comments, .abstract[:20]]'"
	assert_output '["OmniGen: Unified Image Generation",["Shitao Xiao","Yueze Wang"],"2024-09-17",7,"https://huggingface.co/papers/2409.11340",2,"In this work, we int"]'
}

@test "json: pp-split output read again is the same but for source" {
	pp-split "$DATA/hf-daily-knowledge-transfer.txt" > "$BATS_TEST_TMPDIR/a.ndjson"
	diff <(jq -c 'del(.source)' "$BATS_TEST_TMPDIR/a.ndjson") \
	    <(pp-split "$BATS_TEST_TMPDIR/a.ndjson" | jq -c 'del(.source)')
}

@test "json: invalid lines are reported with FILE:LINE, status 2, and the run goes on" {
	cd "$S"
	run --separate-stderr pp-split bad-lines.ndjson
	assert_failure 2
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == *"pp-split: bad-lines.ndjson:2: invalid JSON"* ]]
	[[ "$stderr" == *"pp-split: bad-lines.ndjson:3: not a JSON object"* ]]
}

@test "json: invalid UTF-8 in an array element is repaired with a warning, as in NDJSON" {
	printf '[{"title":"Caf\xe9 au lait"},\n{"title":"ok"}]\n' >"$BATS_TEST_TMPDIR/bad.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/bad.json"
	assert_success
	[ "$stderr" = "pp-split: $BATS_TEST_TMPDIR/bad.json:1: invalid UTF-8 replaced with U+FFFD" ]
	run jq -r .title <<<"$output"
	assert_output "$(printf 'Caf\xef\xbf\xbd au lait\nok')"
}

@test "json: a \\u0000 in a text key becomes U+FFFD with a warning naming FILE:LINE, once a file for each key; the record is kept" {
	printf '{"title":"A"}\n[{"title":"Nul \\u0000 here",\n"abstract":"a\\u0000b"},\n{"title":"c\\u0000d"}]\n' \
	    > "$BATS_TEST_TMPDIR/nul.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/nul.json"
	assert_success
	[ "$stderr" = "pp-split: $BATS_TEST_TMPDIR/nul.json:2: \"title\" holds \\u0000: written as U+FFFD
pp-split: $BATS_TEST_TMPDIR/nul.json:2: \"abstract\" holds \\u0000: written as U+FFFD" ]
	run jq -r '[.title, .abstract // "-"] | @tsv' <<<"$output"
	assert_output "$(printf 'A\t-\nNul \xef\xbf\xbd here\ta\xef\xbf\xbdb\nc\xef\xbf\xbdd\t-')"
}

@test "json: every NDJSON line that is one value but not an object is reported, as the other programs do; a run of text that is not JSON once" {
	printf '{"title":"A"}\n"s1"\n"s2"\n5\n[1]\n{"title":"B"}\nsome text\nmore text\n"s3"\n' \
	    > "$BATS_TEST_TMPDIR/s.ndjson"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/s.ndjson"
	assert_failure 2
	[ "$stderr" = "pp-split: $BATS_TEST_TMPDIR/s.ndjson:2: not a JSON object
pp-split: $BATS_TEST_TMPDIR/s.ndjson:3: not a JSON object
pp-split: $BATS_TEST_TMPDIR/s.ndjson:4: not a JSON object
pp-split: $BATS_TEST_TMPDIR/s.ndjson:5: not a JSON object
pp-split: $BATS_TEST_TMPDIR/s.ndjson:7: invalid JSON: 's' outside any object or array
pp-split: $BATS_TEST_TMPDIR/s.ndjson:9: not a JSON object" ]
	run jq -r .title <<<"$output"
	assert_output "A
B"
}

@test "json: an array that is never closed is an error" {
	head -c 300 "$S/hf-api.json" > "$BATS_TEST_TMPDIR/cut.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/cut.json"
	assert_failure 2
	[[ "$stderr" == *"cut.json:"*"not closed"* ]]
}

# --- input, options, errors ------------------------------------------------------

@test "invalid UTF-8 becomes U+FFFD with a warning naming FILE:LINE; no record lost" {
	cd "$S"
	run --separate-stderr pp-split bad-utf8.txt
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == *"pp-split: bad-utf8.txt:4: invalid UTF-8"* ]]
	[[ "$stderr" == *"pp-split: bad-utf8.txt:5: invalid UTF-8"* ]]
	run jq -r .title <<<"${lines[1]}"
	assert_output "Modular De�ep Learning"
}

@test "stdin: no operand or '-' reads stdin, and source says '-'" {
	run sh -c "pp-split < '$DATA/hf-daily-knowledge-transfer.txt' 2>/dev/null | head -1 | jq -r .source"
	assert_output "-:13"
	run sh -c "pp-split - < '$DATA/arxiv-new-math.OA-2023-06-09.txt' | head -1 | jq -r .source"
	assert_output "-:18"
}

@test "each file is told apart on its own" {
	cd "$DATA"
	run --separate-stderr pp-split hf-daily-knowledge-transfer.txt arxiv-new-math.OA-2023-06-09.txt \
	    arxiv-metadata-snapshot-50.ndjson
	assert_success
	[ "${#lines[@]}" -eq 92 ]
}

@test "a page whose layout cannot be told is an error naming it; others still split" {
	cd "$DATA"
	run --separate-stderr pp-split --year 2025 arxiv-new-math.OA-2023-06-09.txt \
	    pp-split/notes.txt hf-daily-knowledge-transfer.txt
	assert_failure 2
	[ "${#lines[@]}" -eq 42 ]
	[ "$stderr" = "pp-split: pp-split/notes.txt: cannot tell the format of this file; name it with --format (--format list names them)" ]
}

@test "a binary file is no page: its layout cannot be told" {
	yes "$(printf '\377\376\000 some words and more words to be long enough')" |
	    head -c 20000 > "$BATS_TEST_TMPDIR/bin"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/bin"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"bin: cannot tell the format"* ]]
}

@test "a page of text that gives no paper is an error" {
	# Title: and Authors: lines make it arXiv text, but no entry starts
	printf 'Title: my reading notes\nAuthors: me\nsome text\n' >"$BATS_TEST_TMPDIR/notes.txt"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/notes.txt"
	assert_failure 2
	assert_output ""
	[ "$stderr" = "pp-split: $BATS_TEST_TMPDIR/notes.txt: no paper found in this arxiv file" ]
}

@test "--format overrides detection" {
	cd "$S"
	run --separate-stderr pp-split --format hf-daily notes.txt
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"no paper found in this hf-daily file"* ]]
	run pp-split --format json "$DATA/arxiv-new-math.OA-2023-06-09.txt"
	assert_failure 2
}

@test "a missing file among good ones is reported; the others are split" {
	cd "$DATA"
	run --separate-stderr pp-split arxiv-new-math.OA-2023-06-09.txt no-such-file \
	    arxiv-new-math.OA-2023-06-09.txt
	assert_failure 2
	[ "${#lines[@]}" -eq 6 ]
	[[ "$stderr" == "pp-split: no-such-file: No such file or directory" ]]
}

@test "a 64 MiB abstract line is one record" {
	{ echo "A Title of a Paper"; head -c 67108864 /dev/zero | tr '\0' a; echo .; } \
	    > "$BATS_TEST_TMPDIR/big.txt"
	run sh -c "pp-split '$BATS_TEST_TMPDIR/big.txt' | jq -c '[.title, (.abstract | length)]'"
	assert_success
	assert_output '["A Title of a Paper",67108865]'
}

@test "an empty file gives no paper: an error" {
	: > "$BATS_TEST_TMPDIR/empty.txt"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/empty.txt"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"empty.txt: empty file: no paper"* ]]
}

@test "--format hf-search joins wrapped lines of a page with blank lines, as detection would" {
	# folded lines, none long: the layout cannot be told...
	run --separate-stderr pp-split "$S/search-folded.txt"
	assert_failure 2
	assert_equal "$output" ""
	# ...and, named as the message says, the page gives its three papers
	run --separate-stderr pp-split --format hf-search "$S/search-folded.txt"
	assert_success
	diff <(head -3 "$S/hf-search-knowledge-transfer.txt.expected" | sed 's/,"source":.*//') \
	    <(printf '%s\n' "$output" | sed 's/,"source":.*//')
}

@test "--format with a bad name is a usage error" {
	run --separate-stderr pp-split --format docx "$DATA/hf-daily-knowledge-transfer.txt"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"unknown format 'docx'"* ]]
	[[ "$stderr" == *"usage: pp-split [--format NAME | --format list] [--year YYYY] [FILE ...]"* ]]
}

@test "--year must be four digits" {
	run --separate-stderr pp-split --year 25 "$DATA/hf-daily-knowledge-transfer.txt"
	assert_failure 2
	[[ "$stderr" == *"--year: '25' is not"* ]]
}

@test "a bad option is a usage error" {
	run --separate-stderr pp-split --frobnicate
	assert_failure 2
	[[ "$stderr" == *"usage: pp-split"* ]]
}

@test "-h prints the synopsis of the man page; -V the version" {
	run pp-split -h
	assert_success
	assert_line --index 0 "usage: pp-split [--format NAME | --format list] [--year YYYY] [FILE ...]"
	grep -q 'Op Fl -format Ar NAME | Fl -format Cm list' "$TOP/man/pp-split.1"
	run pp-split -V
	assert_success
	assert_output --regexp '^pp-split [0-9]'
}

@test "a failed write (/dev/full) is status 2 with a message" {
	run --separate-stderr sh -c "pp-split '$DATA/hf-search-knowledge-transfer.txt' > /dev/full"
	assert_failure 2
	[[ "$stderr" == *"pp-split: write error: No space left on device"* ]]
}

@test "a closed pipe ends pp-split quietly" {
	run --separate-stderr sh -c "pp-split '$DATA/hf-search-knowledge-transfer.txt' | head -1 > /dev/null"
	assert_success
	[ -z "$stderr" ]
}

@test "memory stays bounded by the longest record, not the page" {
	[ -x /usr/bin/time ] || skip "no /usr/bin/time"
	! ldd "$TOP/cmd/pp-split" | grep -q libasan || skip "sanitizers' memory"
	for i in $(seq 1000); do
		cat "$DATA/hf-daily-knowledge-transfer.txt"
	done > "$BATS_TEST_TMPDIR/big.txt"
	run sh -c "/usr/bin/time -f %M pp-split --year 2025 '$BATS_TEST_TMPDIR/big.txt' 2>&1 >/dev/null"
	assert_success
	[ "$output" -lt 16000 ]		# KB, for a 67 MB page
}

@test "a page of a million different papers is read in under 32 MB (issue 15)" {
	[ -x /usr/bin/time ] || skip "no /usr/bin/time"
	! ldd "$TOP/cmd/pp-split" | grep -q libasan || skip "sanitizers' memory"
	# The repeat check once kept every paper of the page: 65 MB here.
	awk 'BEGIN {
		print "Daily Papers\n\nbyAK and the research community\n\nDec 8\n"
		for (i = 1; i <= 1000000; i++)
			printf "Paper number %d on knowledge transfer\n\n" \
			    "We study transfer number %d across tasks.\n\n" \
			    "  \342\200\242 3 authors\n\302\267\nJan 10, 2016 %d\n\n",
			    i, i, i % 50
	}' | /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" \
	    pp-split --year 2025 > "$BATS_TEST_TMPDIR/out"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/out")" -eq 1000000 ]
	rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
	echo "peak RSS $rss KiB"
	[ "$rss" -lt 32768 ]
}

@test "json: an array element with invalid UTF-8 is repaired and kept, with a warning" {
	# The repair once wrote into the buffer holding the element (a
	# use-after-free that make check SANITIZE=1 catches).
	f="$DATA/pp-split/array-bad-utf8.json"
	run --separate-stderr pp-split "$f"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == '{"title":"Bad bytes '$'\xef\xbf\xbd\xef\xbf\xbd'* ]]
	[[ "${lines[1]}" == '{"title":"Good","source":"'"$f"':2"}' ]]
	[[ "$stderr" == *"$f:1: invalid UTF-8 replaced with U+FFFD"* ]]
}

@test "every command of the man page's EXAMPLES runs as typed" {
	run_man_examples pp-split.1
}

# --- bibtex ------------------------------------------------------------------

B="$S/bibtex"

# Skips a test while pp-split is the one-file program, without the
# reader's row in cmd/split/readers.c.
reader_needed() {
	pp-split --format list 2>/dev/null | grep -q "^$1 " ||
	    skip "pp-split has no $1 reader yet"
}

@test "bibtex: a Zotero export gives every expected title, id, count and year" {
	reader_needed bibtex
	f=zotero-bbt-export-arxiv-460.bib
	run --separate-stderr pp-split "$B/$f"
	assert_success
	[ -z "$stderr" ]
	diff "$B/$f.titles" <(jq -r .title <<<"$output")
	diff <(jq -c '[.id, .n_authors, .date, .entry_type, .key]' "$B/$f.ndjson") \
	    <(jq -c '[.id, .n_authors, .date[0:4], .entry_type, .key]' <<<"$output")
}

@test "bibtex: 'Last, First' names are 'First Last', TeX decoded; month and year make the date" {
	reader_needed bibtex
	run pp-split "$B/zotero-bbt-export-arxiv-460.bib"
	assert_success
	run jq -c 'select(.key == "Ronnow.2014.Defining") | [.authors[0], .authors[8], .date, .categories, .doi, .venue, .keywords]' <<<"$output"
	assert_output '["Troels F. Rønnow","Matthias Troyer","2014-07",["quant-ph"],"10.1126/science.1252319","Science",["Quantum Physics"]]'
}

@test "bibtex: 'journal = {arXiv:ID [cat]}' is no venue; its category is kept" {
	reader_needed bibtex
	run pp-split "$B/zotero-bbt-export-arxiv-460.bib"
	run jq -c 'select(.key == "Smolin.2013.Classical") | [.id, .categories, .venue]' <<<"$output"
	assert_output '["1305.4904",["quant-ph"],null]'
}

@test "bibtex: BibLaTeX date, journaltitle, eprinttype and eprintclass; arXiv DOI and URL give the id" {
	reader_needed bibtex
	run --separate-stderr pp-split "$B/biblatex.bib"
	assert_success
	run jq -r '[.key, .id // "-", .date, (.categories // [] | join(" ")), .venue // "-", (.authors | join("; "))] | @tsv' <<<"$output"
	assert_output "$(printf '%s\t%s\t%s\t%s\t%s\t%s\n' \
	    openai2023gpt4 2303.08774 2023-03-15 cs.CL - OpenAI \
	    liu2021swin 2103.14030 2021-10 '' 'Proceedings of the IEEE/CVF International Conference on Computer Vision' 'Ze Liu; Yutong Lin; Yue Cao' \
	    https://doi.org/10.48550/arxiv.1706.03762 1706.03762 2017 '' - 'Ashish Vaswani; Noam Shazeer; Niki Parmar' \
	    he2016deep - 2016 '' 'Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition' 'Kaiming He; Xiangyu Zhang; Shaoqing Ren; Jian Sun' \
	    brandenburg2005 astro-ph/0405052 2005 astro-ph - 'Axel Brandenburg; Kandaswamy Subramanian')"
}

@test "bibtex: Google Scholar's 'arXiv preprint arXiv:ID' journal and DBLP's eprinttype give the id" {
	reader_needed bibtex
	run --separate-stderr pp-split "$B/scholar-dblp.bib"
	assert_success
	run jq -c '[.id, .venue, .authors]' <<<"$output"
	assert_output '["1706.03762",null,["Ashish Vaswani","Noam Shazeer"]]
["1706.03762","CoRR",["Ashish Vaswani","Noam Shazeer"]]'
}

@test "bibtex: keywords split on commas and semicolons are a key of their own" {
	reader_needed bibtex
	run pp-split "$B/biblatex.bib"
	run jq -c 'select(.keywords) | .keywords' <<<"$output"
	assert_output '["language models","evaluation"]
["Computation and Language (cs.CL)","Machine Learning (cs.LG)","FOS: Computer and information sciences"]'
}

@test "bibtex: crossref gives a paper its volume's title as venue and its date; a @proceedings is no paper" {
	reader_needed bibtex
	# DBLP's export: each paper, then the volume its crossref names
	run --separate-stderr pp-split "$B/dblp-crossref.bib"
	assert_success
	run jq -c '[.key, .venue, .date]' <<<"$output"
	assert_output '["DBLP:conf/nips/VaswaniSPUJGKP17","Advances in Neural Information Processing Systems 30","2017"]
["paper2","NeurIPS 2017","2017-12"]
["plain","JMLR","2019"]
["orphan",null,null]'
	# papers waiting for their volume keep the file's order and lines;
	# a paper's own booktitle and year win over the volume's
	run --separate-stderr pp-split "$B/crossref-order.bib"
	assert_success
	run jq -r '[.title, .venue, .date, .source] | map(. // "-") | join("|")' <<<"$output"
	assert_output "First|The Volume|2000|$B/crossref-order.bib:1
Second|-|2001|$B/crossref-order.bib:2
Third|Own|1999|$B/crossref-order.bib:3
Fourth|-|-|$B/crossref-order.bib:5"
	run --separate-stderr pp-split "$B/proceedings-only.bib"
	assert_failure 2
	[[ $stderr == *"no paper found"* ]]
}

@test "bibtex: @string macros and # are expanded, month macros known, @comment and @preamble skipped" {
	reader_needed bibtex
	run --separate-stderr pp-split "$B/strings.bib"
	assert_success
	[ -z "$stderr" ]
	run jq -c '[.title, .venue, .date, .authors]' <<<"$output"
	assert_output '["Gravitational waves from a binary merger","Physical Review Letters","2016-02",["B. P. Abbott"]]
["Second paper","Physical Review Letters Supplement","2017-09",["Jane Doe"]]'
}

@test "bibtex: TeX accents, escapes, dashes, quotes, math and commands become text" {
	reader_needed bibtex
	run --separate-stderr pp-split "$B/tex.bib"
	assert_success
	run jq -r '.title, (.authors | join("; "))' <<<"$output"
	assert_output 'Über die Schrödinger-Gleichung: Café, Garçon & Straße – eine Studie
Pál Erdős; Jan Łukasiewicz; Kurt Gödel; Emil Škoda; Émile Zola
The α-Decay of MoS2: “Quoted” and bold LaTeX text—done
Jörg Müller; Ann O'"'"'Neil'
}

@test "bibtex: LaTeX's text symbols (\textbraceleft{}, \textbar{}, \textless{}) become their characters" {
	reader_needed bibtex
	printf '%s\n' '@article{a, title={Sets \textbraceleft{}x \textbar{} y\textbraceright{}, \textless{}tags\textgreater{} and 5\textdollar{}}, author={Doe, J.}, year=2020}' >"$BATS_TEST_TMPDIR/s.bib"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/s.bib"
	assert_success
	run jq -r .title <<<"$output"
	assert_output 'Sets {x | y}, <tags> and 5$'
}

@test "bibtex: a file whose first entry is longer than the 64 KB the readers look at is still read as BibTeX" {
	reader_needed bibtex
	{ printf '@article{big,\n  title = {A Big One},\n  abstract = {'
	  printf 'word %.0s' $(seq 14000)
	  printf '},\n}\n@misc{small, title = {Small}}\n'; } > "$BATS_TEST_TMPDIR/big.bib"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/big.bib"
	assert_success
	run jq -r .title <<<"$output"
	assert_output 'A Big One
Small'
}

@test "bibtex: a broken entry is reported with FILE:LINE, status 2, and the entries after it are read" {
	reader_needed bibtex
	f="$B/broken.bib"
	run --separate-stderr pp-split "$f"
	assert_failure 2
	run jq -r '[.title, .source] | @tsv' <<<"$output"
	assert_output "$(printf '%s\t%s\n' 'The paper before' "$f:1" \
	    'The paper after' "$f:12" 'The last paper' "$f:21")"
	[[ "$stderr" == *"pp-split: $f:6: BibTeX entry 'unbalanced' cannot be read (line 7: this brace is not closed): skipped"* ]]
	[[ "$stderr" == *"pp-split: $f:17: BibTeX entry 'nocomma' cannot be read (line 18: '}' or ',' is missing): skipped"* ]]
	[ "$(grep -c . <<<"$stderr")" -eq 2 ]
}

@test "bibtex: one file's @string does not leak into the next" {
	reader_needed bibtex
	printf '@article{a, title = prl, year = 2000}\n' > "$BATS_TEST_TMPDIR/x.bib"
	run --separate-stderr pp-split "$B/strings.bib" "$BATS_TEST_TMPDIR/x.bib"
	[[ "$stderr" == *"x.bib:1: BibTeX: warning: undefined macro \"prl\""* ]]
}

@test "bibtex: a file is told from its content, a comment line before the first entry too" {
	reader_needed bibtex
	run pp-split --format list
	assert_line --regexp '^bibtex +'
	printf '%% Encoding: UTF-8\n\n@Article{k,\n  title = {T},\n}\n' |
	    pp-split | jq -e '.title == "T" and .entry_type == "article"'
}

@test "bibtex: a stray '@' is reported and the entries after it are read" {
	reader_needed bibtex
	# btparse gave up there, kept its state, and exited on the next entry
	# (the fuzzer's find); entries are now checked before btparse sees them
	f="$B/gives-up.bib"
	run --separate-stderr pp-split "$f"
	assert_failure 2
	run jq -r .title <<<"$output"
	assert_output "A
B
C"
	[[ "$stderr" == *"$f:3: BibTeX entry cannot be read (line 3: an entry type is missing after '@'): skipped"* ]]
}

@test "bibtex: a % comment inside an entry is skipped (btparse's lexer, not libxml2's comment())" {
	reader_needed bibtex
	# libxml2 exports a comment() too; linked first, it took the lexer's
	# call and crashed (the fuzzer's find).  It is opened in a namespace
	# of its own now (cmd/split/libxml.c): an HTML file read first must not
	# change that.
	printf '<html><body><p>x</p></body></html>\n' >"$BATS_TEST_TMPDIR/p.html"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/p.html" "$B/comment-in-entry.bib"
	run jq -c '[.title, .date]' <<<"$output"
	assert_output '["A paper","2019"]'
}

@test "pp-split starts without libxml2 (ICU and the C++ runtime), and opens it for HTML and XML" {
	! ldd "$TOP/cmd/pp-split" | grep -q libasan || skip "the sanitizers' runtime links more"
	run ldd "$TOP/cmd/pp-split"
	refute_output --partial libxml2
	refute_output --partial libicu
	run --separate-stderr pp-split "$S/html/hostile.html"
	[ "${#lines[@]}" -gt 0 ]
	run --separate-stderr pp-split "$S/xml/arxiv-rss2-cs.AI.xml"
	assert_success
	[ "${#lines[@]}" -gt 0 ]
}

@test "bibtex: an entry without fields is reported, and btparse never sees it (it ended the run on the next file: the fuzzer's find)" {
	reader_needed bibtex
	f="$B/no-fields.bib" g="$B/broken-after-no-fields.bib"
	run --separate-stderr pp-split --format bibtex "$f" "$g"
	assert_failure 2
	[[ "$stderr" == *"pp-split: $f:1: BibTeX entry '@:' cannot be read (line 3: the entry has no fields): skipped"* ]]
	# the run reached the end of the second file
	[[ "$stderr" == *"pp-split: $g: no paper found in this bibtex file"* ]]
	printf '@misc{key}\n@article{a, title = {A paper}}\n' > "$BATS_TEST_TMPDIR/k.bib"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/k.bib"
	assert_failure 2
	run jq -r .title <<<"$output"
	assert_output 'A paper'
}

@test "bibtex: after btparse's error recovery, what it left unread is not read as an entry (it ended the run on the next file: the fuzzer's find)" {
	reader_needed bibtex
	f="$B/broken-to-the-end.bib" g="$B/broken-after-no-fields.bib"
	run --separate-stderr pp-split --format bibtex "$f" "$g" "$B/tex.bib"
	assert_failure 2
	[[ "$stderr" == *"pp-split: $g: no paper found in this bibtex file"* ]]
	# the run went on to the third file
	run jq -r .title <<<"$output"
	assert_line --partial 'Schrödinger'
}

@test "bibtex: a broken @string is reported, and its macro is not used half-defined" {
	reader_needed bibtex
	# btparse kept the macro without its text and crashed on its use (the
	# fuzzer's find)
	f="$B/broken-string.bib"
	run --separate-stderr pp-split "$f"
	assert_failure 2
	assert_output --partial '"title":"A"'
	[[ "$stderr" == *"$f:1: BibTeX entry cannot be read ("* ]]
}

@test "bibtex: % is a comment between fields and text inside values; a % in a bad token is no crash" {
	reader_needed bibtex
	# btparse put bad tokens into printf formats: "% note" was %n (the
	# fuzzer's find)
	run --separate-stderr pp-split "$B/percent.bib"
	assert_success
	run jq -c '[.title, .abstract, .date]' <<<"$output"
	assert_output '["50% of 100% cases","A 5% rise","2019"]
["Q % not a comment",null,"2020"]'
	printf '@article{c,\n  title = {A},@article{c,\n%% note = \n%% note = {x}\n}\n' > "$BATS_TEST_TMPDIR/bad.bib"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/bad.bib"
	assert_failure 2
	[[ "$stderr" == *"bad.bib:1: BibTeX entry 'c' cannot be read (line 2: a field name is missing): skipped"* ]]
}

@test "bibtex: entries btparse would exit or abort on are reported, the others read" {
	reader_needed bibtex
	# "@g{}@e\"\"" made btparse exit (a usage error inside its parser);
	# a NUL made it fail an assertion (the fuzzer's finds)
	printf '@g{}@e""\n@article{a, title = {A}}\n@article{b, title = {B\\\000}}\n' > "$BATS_TEST_TMPDIR/x.bib"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/x.bib"
	assert_failure 2
	assert_output --partial '"title":"A"'
	[[ "$stderr" == *"x.bib:1: BibTeX entry cannot be read (line 1: the entry's key is missing): skipped"* ]]
}

@test "bibtex: odd names (a leading comma, empty braces, Jr parts, 'and' in braces) are no crash" {
	reader_needed bibtex
	# btparse's bt_split_name freed memory twice on ",t" (the fuzzer's
	# find); names are put in order here
	run sh -c "printf '@e{s, title = {T}, author = {,t and Smith, Jr., Bob and van Beethoven, Ludwig and {Barnes and Noble} and others}}\n' | pp-split | jq -c .authors"
	assert_success
	assert_output '["t","Bob Smith Jr.","Ludwig van Beethoven","Barnes and Noble"]'
}

# --- no paper merged, no field cut off -----------------------------------------

@test "two papers with one title and abstracts that differ after byte 64 both come out" {
	run --separate-stderr pp-split "$S/hf/same-title.txt"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	run jq -rs 'map(.abstract) | unique | length' <<<"$output"
	assert_output 2
}

@test "a paper is not dropped because a card with its title shows an abstract" {
	run --separate-stderr pp-split "$S/hf/same-title-no-abstract.txt"
	assert_success
	run jq -c '[.n_authors, .date]' <<<"$output"
	assert_output "$(printf '%s\n%s' '[4,"2020-06-09"]' '[2,"2021-03-01"]')"
}

@test "arxiv: a ninth extra label and a label of 18 bytes or more are kept" {
	run --separate-stderr pp-split "$S/arxiv/many-labels.txt"
	assert_success
	run jq -c '[.msc_class, .acm_class, .report_no, .proxy, .note_a, .note_e, .supplementary_material]' <<<"$output"
	assert_output '["46L05","F.2.2","REP-1","ccsd","first","ninth label","https://example.org/data"]'
}

# --- XML: arXiv API Atom, arXiv RSS 2.0 and 1.0/RDF, OAI-PMH -----------------

X="$DATA/pp-split/xml"

# Until cmd/pp-split.c moves into cmd/split/, the readers are not built.
needs_readers() {
	[ ! -e "$TOP/cmd/pp-split.c" ] || skip "cmd/split/ is not built yet"
}

# xml_golden NAME: every key of every record in NAME.ndjson (the fields a
# careful reader finds on the page) is in pp-split's record, equal, in
# that order of records; the titles are NAME.titles; nothing on stderr.
xml_golden() {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split "$1"
	assert_success
	[ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
	diff -u "$1.titles" <(printf '%s\n' "$output" | jq -r .title)
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/got"
	run jq -n --slurpfile want "$1.ndjson" --slurpfile got \
	    "$BATS_TEST_TMPDIR/got" '[range($want | length) as $i |
	    $want[$i] | to_entries[] | select($got[$i][.key] != .value) |
	    "record \($i + 1): \(.key)"] | join("\n")'
	assert_output '""'
}

@test "xml golden: arXiv API Atom response" {
	xml_golden arxiv-api-atom-2016-au-del_maestro.xml
}
@test "xml golden: OAI-PMH ListRecords in the arXiv format" {
	xml_golden arxiv-oai-arXiv-listrecords-2015-01-03.xml
}
@test "xml golden: arXiv RSS 2.0 feed" { xml_golden arxiv-rss2-cs.AI.xml; }

@test "xml: Atom gives doi, journal reference, url and the entry's line" {
	needs_readers
	cd "$X"
	run pp-split arxiv-api-atom-2016-au-del_maestro.xml
	assert_success
	assert_line --index 0 --partial '"doi":"10.1142/S021797921244002X","venue":"Int. J. Mod. Phys. B, 26, 1244002 (2012)","url":"http://arxiv.org/abs/1201.4869v1","source":"arxiv-api-atom-2016-au-del_maestro.xml:10"}'
	assert_line --index 9 --partial '"source":"arxiv-api-atom-2016-au-del_maestro.xml:336"}'
}

@test "xml: RSS 2.0 keeps the link and drops 'arXiv:ID Announce Type:' from the abstract" {
	needs_readers
	cd "$X"
	run pp-split arxiv-rss2-cs.AI.xml
	assert_success
	assert_line --index 0 --partial '"abstract":"Although language models'
	assert_line --index 0 --partial '"announce_type":"new","url":"https://arxiv.org/abs/2604.21935","source":"arxiv-rss2-cs.AI.xml:16"}'
	refute_output --partial 'Announce Type'
	# the feed's pubDate is the day of the announcement, not the paper's
	refute_output --partial '"date"'
}

@test "xml: RSS 1.0/RDF: id, category and announce type from the title, HTML removed" {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split rss1-rdf-old-arxiv.xml
	assert_success
	[ -z "$stderr" ]
	assert_equal "${#lines[@]}" 3
	assert_equal "${lines[0]}" '{"title":"Planning with Learned Dynamics for Autonomous Agents","abstract":"We study planning when the dynamics are learned from data & show that a small model suffices when $p<0.5$.","authors":["Jane Smith","María García"],"n_authors":2,"id":"1712.01234","categories":["cs.AI"],"announce_type":"new","url":"http://arxiv.org/abs/1712.01234","source":"rss1-rdf-old-arxiv.xml:38"}'
	assert_line --index 1 --partial '"id":"1712.00456","categories":["cs.LG"],"announce_type":"cross"'
	assert_line --index 2 --partial '"title":"An Old Paper, Replaced",'
	assert_line --index 2 --partial '"announce_type":"replace"'
}

@test "xml: a feed's dc:creator list \"Smith, J., Jones, K. L.\" is one author a pair, written First Last" {
	needs_readers
	run --separate-stderr pp-split "$X/rss-inverted-names.xml"
	assert_success
	run jq -c '[.authors, .n_authors]' <<<"$output"
	assert_line --index 0 '[["J. Smith","K. L. Jones","M. Garcia"],3]'
	assert_line --index 1 '[["A. Lee"],1]'
}

@test "xml: a version date whose year runs on is no date, and the record is kept (the fuzzer's find: int overflow)" {
	needs_readers
	run --separate-stderr pp-split "$X/oai-arXivRaw-long-year.xml"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	run jq -r '.date' <<<"${lines[0]}"
	refute_output --partial '2024444444'
	refute_output '2007-04-02'
}

@test "xml: OAI-PMH arXivRaw: author string split, affiliations dropped, first version's date, deleted records skipped, other fields kept" {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split oai-arXivRaw.xml
	assert_success
	[ -z "$stderr" ]
	assert_equal "${#lines[@]}" 3
	assert_equal "${lines[0]}" '{"title":"Calculation of prompt diphoton production cross sections at Tevatron and LHC energies","abstract":"A fully differential calculation in perturbative quantum chromodynamics is presented for the production of massive photon pairs at hadron colliders.","authors":["C. Bal\\'"'"'azs","E. L. Berger","P. M. Nadolsky","C.-P. Yuan"],"n_authors":4,"date":"2007-04-02","id":"0704.0001","categories":["hep-ph"],"comments":"37 pages, 15 figures; published version","doi":"10.1103/PhysRevD.76.013009","venue":"Phys.Rev.D76:013009,2007","submitter":"Pavel Nadolsky","report_no":"ANL-HEP-PR-07-12","license":"http://arxiv.org/licenses/nonexclusive-distrib/1.0/","source":"oai-arXivRaw.xml:6"}'
	assert_line --index 1 --partial '"authors":["Axel Brandenburg","Kandaswamy Subramanian","Anvar Shukurov"],"n_authors":3,"date":"2006-12-30","id":"astro-ph/0701001","categories":["astro-ph","physics.plasm-ph"]'
	# a parenthesis never closed keeps the names after it
	assert_line --index 2 --partial '"authors":["A. Smith (MIT","B. Jones","C. Wu"],"n_authors":3,"date":"2010-05-04","id":"0704.0003"'
}

@test "xml: OAI-PMH oai_dc: 'Last, First' creators, comment, DOI and venue from identifiers" {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split oai-dc.xml
	assert_success
	[ -z "$stderr" ]
	assert_equal "$output" '{"title":"Calculation of prompt diphoton production cross sections at Tevatron and LHC energies","abstract":"A fully differential calculation in perturbative quantum chromodynamics is presented for the production of massive photon pairs at hadron colliders.","authors":["C. Balázs","E. L. Berger","P. M. Nadolsky","C. -P. Yuan"],"n_authors":4,"date":"2007-04-02","id":"0704.0001","comments":"37 pages, 15 figures; published version","doi":"10.1103/PhysRevD.76.013009","venue":"Phys.Rev.D76:013009,2007","url":"http://arxiv.org/abs/0704.0001","source":"oai-dc.xml:6"}'
}

@test "xml: broken XML is FILE:LINE and status 2, the papers before it kept" {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split broken.xml
	assert_failure 2
	assert_equal "${#lines[@]}" 1
	assert_line --index 0 --partial '"title":"A Paper Before the Damage"'
	[[ "$stderr" == "pp-split: broken.xml:14: XML: Opening and ending tag mismatch"* ]]
}

@test "xml: another RSS feed: its encoding, CDATA, HTML tags but not 'a<b', its dates, 'Last, First', no id from a guid" {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split rss2-other-feed.xml
	assert_success
	[ -z "$stderr" ]
	assert_equal "${lines[0]}" '{"title":"Café physics & more","abstract":"An abstract with HTML, where a<b and c>d.","authors":["John Smith"],"n_authors":1,"date":"2024-03-05","url":"https://example.org/p/1","source":"rss2-other-feed.xml:5"}'
	assert_equal "${lines[1]}" '{"title":"Bounds when x<y and y>z","abstract":"Plain text.","authors":["Ann Lee","Bo Wu"],"n_authors":2,"date":"2024-03-06","source":"rss2-other-feed.xml:12"}'
}

@test "xml: invalid UTF-8 becomes U+FFFD with a warning, and the file is read on" {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split bad-utf8.xml
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 --partial '"title":"Caf'$'\xef\xbf\xbd'' one"'
	assert_line --index 1 --partial '"title":"B'$'\xef\xbf\xbd\xef\xbf\xbd'' two"'
	assert_line --index 2 --partial '"title":"C €'' three"'
	[[ "$stderr" == *"bad-utf8.xml:3: invalid UTF-8 replaced with U+FFFD"* ]]
	[[ "$stderr" == *"invalid UTF-8 replaced with U+FFFD on 2 lines in all"* ]]
}

@test "xml: every paper closed before an XML error is written" {
	needs_readers
	# xmlTextReader's parser read past the error and lost both papers
	printf '<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>One</title></entry>\n<entry><title>Two</title></entry>\n<bad attr=oops>\n</feed>\n' > "$BATS_TEST_TMPDIR/e.xml"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/e.xml"
	assert_failure 2
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --partial '"title":"Two",'
	[[ "$stderr" == *"e.xml:4: XML: "* ]]
}

@test "xml: a download cut short says so, with the papers before it" {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split cut-short.xml
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"cut-short.xml:32: XML: the file ends inside the document, 3 elements still open (a download cut short?); the paper being read there is lost"* ]]
}

@test "xml: documents appended to one file are read as pages, lines counted through" {
	needs_readers
	cd "$X"
	run --separate-stderr pp-split two-pages.xml
	assert_success
	[ -z "$stderr" ]
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --partial '"id":"1412.8544",'
	assert_line --index 1 --partial '"source":"two-pages.xml:36"}'
	# an RSS feed without a final newline, two blank lines, an Atom feed
	{ cat arxiv-rss2-cs.AI.xml; echo; echo; cat arxiv-api-atom-2016-au-del_maestro.xml; } > "$BATS_TEST_TMPDIR/both.xml"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/both.xml"
	assert_success
	assert_equal "${#lines[@]}" 13
	assert_line --index 3 --partial 'both.xml:68"}'	# 58 + 10
	assert_line --index 12 --partial 'both.xml:394"}'	# 58 + 336
}

@test "xml: the line of a record past line 65535 is exact" {
	needs_readers
	{
		sed -n '1,5p' "$X/arxiv-oai-arXiv-listrecords-2015-01-03.xml"
		# the records 2300 times, with ids of their own (a paper
		# repeated on a page is written once)
		awk 'NR >= 6 && NR <= 59 { r[++n] = $0 }
		END { for (i = 1; i <= 2300; i++) for (j = 1; j <= n; j++) {
			l = r[j]
			gsub(/1412\.8544/, sprintf("1501.%05d", i), l)
			gsub(/hep-th\/9504118/, sprintf("hep-th/95%05d", i), l)
			print l } }' "$X/arxiv-oai-arXiv-listrecords-2015-01-03.xml"
		sed -n '60,$p' "$X/arxiv-oai-arXiv-listrecords-2015-01-03.xml"
	} > "$BATS_TEST_TMPDIR/big.xml"
	run pp-split "$BATS_TEST_TMPDIR/big.xml"
	assert_success
	# record 4600 starts at 5 + 2299 * 54 + 26 = 124177
	assert_equal "${#lines[@]}" 4600
	run sh -c "pp-split '$BATS_TEST_TMPDIR/big.xml' 2>/dev/null | tail -n 1"
	assert_output --partial 'big.xml:124177"}'
}

@test "xml: a harvest read from stdin names '-' as its source" {
	needs_readers
	run --separate-stderr pp-split < "$X/arxiv-oai-arXiv-listrecords-2015-01-03.xml"
	assert_success
	assert_line --index 0 --partial '"id":"1412.8544",'
	assert_line --index 0 --partial '"source":"-:6"}'
	assert_line --index 1 --partial '"source":"-:31"}'
}

@test "xml: an OAI-PMH error or an arXiv API error is said, and no paper is status 2" {
	needs_readers
	printf '<?xml version="1.0"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n<error code="noRecordsMatch">No records match</error>\n</OAI-PMH>\n' > "$BATS_TEST_TMPDIR/e.xml"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/e.xml"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"e.xml:3: OAI-PMH error noRecordsMatch: No records match"* ]]
	printf '<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1</id>\n<title>Error</title><summary>incorrect id format for 1</summary></entry></feed>\n' > "$BATS_TEST_TMPDIR/a.xml"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/a.xml"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"a.xml:2: arXiv API error: incorrect id format for 1"* ]]
}

@test "xml: a harvest in a metadata format not read: the first record with its line, then one count" {
	needs_readers
	{
		echo '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>'
		for i in 1 2 3 4 5; do
			echo "<record><header><identifier>oai:arXiv.org:0704.000$i</identifier></header><metadata><marc xmlns=\"http://www.loc.gov/MARC21/slim\"/></metadata></record>"
		done
		echo '</ListRecords></OAI-PMH>'
	} > "$BATS_TEST_TMPDIR/marc.xml"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/marc.xml"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"marc.xml:2: OAI-PMH metadata format 'marc' is not one pp-split reads (arXiv, arXivRaw, oai_dc): record skipped"* ]]
	[[ "$stderr" == *"5 records in all skipped for their metadata format"* ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 3 ]	# and "no paper found"
}

@test "xml: --format list names the XML reader" {
	needs_readers
	run pp-split --format list
	assert_success
	assert_line --regexp '^xml +arXiv API \(Atom\), arXiv RSS'
}

# --- html: arXiv list, abs and search pages, Hugging Face pages -------------

H="$S/html"

# The HTML reader is in the reader table (cmd/split/), not the old program.
needs_html() {
	pp-split --format list 2>/dev/null | grep -q '^html ' ||
		skip "pp-split has no html reader yet"
}

# same_as_expected PAGE KEYS: the records of PAGE agree with what a careful
# reader found in it (PAGE.want.ndjson) on every title and on KEYS.
same_as_expected() {
	local page="$H/$1" keys="$2"
	run --separate-stderr pp-split "$page"
	assert_success
	[ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/got"
	diff -u "$page.titles" <(jq -r .title "$BATS_TEST_TMPDIR/got")
	diff -u <(jq -c "{$keys}" "$page.want.ndjson") \
		<(jq -c "{$keys}" "$BATS_TEST_TMPDIR/got")
}

@test "html: the reader is listed and chosen for a page without --format" {
	needs_html
	run pp-split --format list
	assert_output --partial "html "
	run pp-split "$H/arxiv-search-dynamo.html"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
}

@test "html: an arXiv search result revised since is dated by its first version, as the other readers date it" {
	needs_html
	run --separate-stderr pp-split "$H/arxiv-search-revised.html"
	assert_success
	run jq -c '[.id, .date]' <<<"$output"
	assert_line --index 0 '["2306.05432","2023-06-08"]'
}

@test "html: arXiv /list/ page: every paper once, titles, ids, authors, categories as expected" {
	needs_html
	same_as_expected arxiv-list-new-html-cs-2018.html \
		'title,abstract,authors,n_authors,id,categories,date,replaced'
	[ "$(wc -l < "$BATS_TEST_TMPDIR/got")" -eq 87 ]
}

@test "html: arXiv /list/ page: comments and journal-ref without their labels" {
	needs_html
	run sh -c "pp-split '$H/arxiv-list-new-html-cs-2018.html' | jq -c 'select(.id == \"1807.07067\" or .id == \"1309.6610\") | [.comments, .venue]'"
	assert_success
	assert_line '["12 pages, 0 figures, 13 references. arXiv admin note: text overlap with arXiv:1807.04186",null]'
	assert_line '[null,"Adversarial multiple access channels with individual injection rates. Theory of Computing Systems, 61(3): 820 - 850, 2017"]'
}

@test "html: arXiv /list/ page of 2024: spaced markup, cross-list, replaced, old-style id" {
	needs_html
	golden html/arxiv-list-pastweek-2024.html "$S"
}

@test "html: arXiv /abs/ page: citation meta tags, the abstract and the metadata table" {
	needs_html
	golden html/arxiv-abs-2306.05432.html "$S"
}

@test "html: arXiv search results: each li.arxiv-result once, full abstract, no More/Less" {
	needs_html
	golden html/arxiv-search-dynamo.html "$S"
	run pp-split "$H/arxiv-search-dynamo.html"
	refute_output --partial $'\xe2\x96\xbd More'	# the short abstract's link
	refute_output --partial $'\xe2\x96\xb3 Less'
	refute_output --partial "Showing"
	refute_output --partial "Abstract"
}

@test "html: scripts, comments, glossaries and broken markup give no paper" {
	needs_html
	f=html/hostile.html
	cd "$S"
	run --separate-stderr pp-split "$f"
	[ "$status" -eq 2 ]
	diff -u "$f.expected" <(printf '%s\n' "$output")
	[ "$stderr" = "pp-split: $f:18: a paper without a title: skipped" ]
	for junk in Script Comment Term glossary injected '</div></div>'; do
		[[ "$output" != *"$junk"* ]] || { echo "junk: $junk"; return 1; }
	done
}

@test "html: labels left as text and an id without a link, as some tools save a page" {
	needs_html
	printf '<html><body><dl><dt>[1] arXiv:2301.00001v3 [pdf]</dt><dd><div class="list-title">Title: Plain saved page</div><div class="list-authors">Authors: Ann One (MIT), Bo Two and Cy Three</div><p class="mathjax">Abstract: text</p></dd></dl></body></html>\n' \
		> "$BATS_TEST_TMPDIR/plain.html"
	run pp-split "$BATS_TEST_TMPDIR/plain.html"
	assert_success
	assert_output '{"title":"Plain saved page","abstract":"text","authors":["Ann One","Bo Two","Cy Three"],"n_authors":3,"id":"2301.00001","source":"'"$BATS_TEST_TMPDIR"'/plain.html:1"}'
}

@test "html: a page with no paper is an error" {
	needs_html
	printf '<!DOCTYPE html>\n<html><body><p>Nothing here</p></body></html>\n' \
		> "$BATS_TEST_TMPDIR/empty.html"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/empty.html"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"no paper found in this html file"* ]]
}

@test "html: two pages appended to one file are two pages, with their own line numbers" {
	needs_html
	f="$BATS_TEST_TMPDIR/two.html"
	cat "$H/arxiv-search-dynamo.html" "$H/arxiv-search-dynamo.html" > "$f"
	n=$(wc -l < "$H/arxiv-search-dynamo.html")
	run pp-split "$f"
	assert_success
	[ "${#lines[@]}" -eq 6 ]
	[[ "${lines[3]}" == *"\"source\":\"$f:$((n + 49))\"}" ]]
}

@test "html: UTF-8 without a charset is UTF-8; a declared charset is honoured" {
	needs_html
	printf '<html><body><dl><dt><a href="/abs/2301.00001v3">x</a></dt><dd><div class="list-title">Caf\xc3\xa9 na\xc3\xafve</div></dd></dl></body></html>\n' \
		> "$BATS_TEST_TMPDIR/utf8.html"
	printf '<html><head><meta charset="iso-8859-1"></head><body><dl><dt><a href="/abs/2301.00001v3">x</a></dt><dd><div class="list-title">Caf\xe9</div></dd></dl></body></html>\n' \
		> "$BATS_TEST_TMPDIR/latin1.html"
	run sh -c "pp-split '$BATS_TEST_TMPDIR/utf8.html' '$BATS_TEST_TMPDIR/latin1.html' | jq -r '.title + \" \" + .id'"
	assert_success
	assert_output $'Caf\xc3\xa9 na\xc3\xafve 2301.00001\nCaf\xc3\xa9 2301.00001'
}

@test "html: invalid UTF-8 becomes U+FFFD and the rest of the page stays UTF-8" {
	needs_html
	printf '<html><body><dl><dt><a href="/abs/2301.00001">x</a></dt><dd><div class="list-title">bad \xff byte, cut \xe2\x82 here</div></dd>\n<dt><a href="/abs/2301.00002">x</a></dt><dd><div class="list-title">Caf\xc3\xa9 \xf0\x9f\x98\x80</div></dd></dl></body></html>\n' \
		> "$BATS_TEST_TMPDIR/bad.html"
	run sh -c "pp-split '$BATS_TEST_TMPDIR/bad.html' | jq -r .title"
	assert_success
	assert_output $'bad \xef\xbf\xbd byte, cut \xef\xbf\xbd\xef\xbf\xbd here\nCaf\xc3\xa9 \xf0\x9f\x98\x80'
}

@test "html: Hugging Face daily page: from data-props, every paper once, as expected" {
	needs_html
	same_as_expected hf-daily-html-2024-08-01.html \
		'title,abstract,authors,n_authors,date,upvotes,id,url'
	[ "$(wc -l < "$BATS_TEST_TMPDIR/got")" -eq 13 ]
}

@test "html: Hugging Face paper page: its paper once, not its linked spaces, collections or discussion" {
	needs_html
	run --separate-stderr pp-split "$H/hf-paper-page.html"
	assert_success
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 1 ]
	run jq -r '[.title, .id, .date, (.authors | join(", ")), .upvotes] | @tsv' <<<"$output"
	assert_output $'The Llama 3 Herd of Models\t2407.21783\t2024-07-31\tAbhimanyu Dubey, Abhinav Jauhri\t94'
	run pp-split "$H/hf-paper-page.html"
	for junk in "Chat with Llama" "Llama 3.1 papers" "Great paper" canReadDatabase linkedSpaces; do
		[[ "$output" != *"$junk"* ]] || { echo "junk: $junk"; return 1; }
	done
}

@test "html: a Hugging Face page whose data-props hold no paper is an error, its visible text unread" {
	needs_html
	printf '%s\n' '<!doctype html><html><body>' \
		'<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;:[],&quot;date&quot;:&quot;2024-08-01&quot;}">' \
		'<h3>A Visible Title</h3><p>A visible abstract that is only markup.</p></div></body></html>' \
		> "$BATS_TEST_TMPDIR/hf-empty.html"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/hf-empty.html"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"no paper found"* ]]
}

@test "html: an abs page, a Hugging Face page, a search page and the abs page again, appended: each page's papers" {
	needs_html
	f="$BATS_TEST_TMPDIR/mix.html"
	cat "$H/arxiv-abs-2306.05432.html" "$H/hf-paper-page.html" \
		"$H/arxiv-search-dynamo.html" "$H/arxiv-abs-2306.05432.html" > "$f"
	run sh -c "pp-split '$f' | jq -r '.id'"
	assert_success
	assert_output $'2306.05432\n2407.21783\n2306.05432\nastro-ph/0701001\n2401.00007\n2306.05432'
}

@test "json: a value of an array element over several lines comes out on one line" {
	printf '[\n  {"title": "T",\n   "tags": [\n     "a",\n     "b"\n   ]}\n]\n' >"$BATS_TEST_TMPDIR/p.json"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/p.json"
	assert_success
	assert_output '{"title":"T","tags":["a","b"],"source":"'"$BATS_TEST_TMPDIR"'/p.json:2"}'
}

# --- pages, dates, counts ------------------------------------------------------

@test "several pages in one file: each page header starts a page with its own date" {
	# today 2026-01-10: page one is Dec 8 2025, page two Jan 3 2026; Dec 30
	# on page two is after its date, so of the year before
	run --separate-stderr env SOURCE_DATE_EPOCH=1768003200 pp-split "$S/hf/two-pages.txt"
	assert_success
	run jq -c '[.title[:20], .date, .upvotes, .n_comments]' <<<"$output"
	assert_output '["Revisiting MLLMs: An","2024-12-20",null,null]
["Aligning Machine and","2024-09-10",null,null]
["A Paper Shown at the","2025-12-30",12,4]
["Another Paper of Jan","2026-01-02",5,null]'
}

@test "a daily page without counts before its titles: a count on the line after the date is the comments, never the next card's upvotes; an organisation byline is no title" {
	run --separate-stderr env SOURCE_DATE_EPOCH=1768003200 pp-split "$S/hf/daily-org-byline-count-below.txt"
	assert_success
	run jq -c '[.title[:20], .date, .upvotes, .n_authors, .n_comments, .source]' <<<"$output"
	assert_output '["Chameleon: Mixed-Mod","2025-05-16",null,null,7,"'"$S"'/hf/daily-org-byline-count-below.txt:4"]
["Many-Shot In-Context","2025-05-16",null,8,3,"'"$S"'/hf/daily-org-byline-count-below.txt:9"]'
}

@test "an arXiv mailing and a Hugging Face page in one text file, either way round, give the records of both (one page was lost without a word)" {
	local hf="$DATA/hf-daily-knowledge-transfer.txt" ax="$DATA/arxiv-new-math.OA-2023-06-09.txt"
	{ cat "$ax"; echo; cat "$hf"; } >"$BATS_TEST_TMPDIR/ax-hf.txt"
	{ cat "$hf"; echo; cat "$ax"; } | sed 's/$/\r/' >"$BATS_TEST_TMPDIR/hf-ax.txt"
	run --separate-stderr pp-split --year 2025 "$BATS_TEST_TMPDIR/ax-hf.txt"
	assert_success
	[ -z "$stderr" ]
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <({ pp-split --year 2025 "$ax"; pp-split --year 2025 "$hf"; } | jq -c 'del(.source)')
	run --separate-stderr pp-split --year 2025 "$BATS_TEST_TMPDIR/hf-ax.txt"
	assert_success
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <({ pp-split --year 2025 "$hf"; pp-split --year 2025 "$ax"; } | jq -c 'del(.source)')
	# the first arXiv record's source is its line in the joined file
	run sh -c "pp-split --year 2025 '$BATS_TEST_TMPDIR/hf-ax.txt' | jq -r 'select(.id == \"2306.04713\") | .source'"
	assert_output "$BATS_TEST_TMPDIR/hf-ax.txt:$(( $(wc -l <"$hf") + 1 + 18 ))"
}

@test "--format arxiv or hf-daily reads a joined text file to its end in that format, with no handoff to the other layout's reader" {
	local hf="$DATA/hf-daily-knowledge-transfer.txt" ax="$DATA/arxiv-new-math.OA-2023-06-09.txt"
	{ cat "$ax"; echo; cat "$hf"; } >"$BATS_TEST_TMPDIR/ax-hf.txt"
	{ cat "$hf"; echo; cat "$ax"; } >"$BATS_TEST_TMPDIR/hf-ax.txt"
	# read as arXiv text, the Hugging Face page has no entry
	run --separate-stderr pp-split --year 2025 --format arxiv "$BATS_TEST_TMPDIR/ax-hf.txt"
	assert_success
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <(pp-split --year 2025 "$ax" | jq -c 'del(.source)')
	# read as Hugging Face text, the mailing gives no arXiv entry (an id)
	run --separate-stderr pp-split --year 2025 --format hf-daily "$BATS_TEST_TMPDIR/hf-ax.txt"
	diff <(jq -c 'del(.source)' <<<"$output" | head -n "$(pp-split --year 2025 "$hf" | wc -l)") \
	    <(pp-split --year 2025 "$hf" | jq -c 'del(.source)')
	[ -z "$(jq -c 'select(has("id"))' <<<"$output")" ]
}

@test "a text file read in parts names each part that gave no paper, with its format and lines, not the last reader as the file's format" {
	local f="$BATS_TEST_TMPDIR/notes.txt" hf="$DATA/hf-daily-knowledge-transfer.txt"
	# arXiv text (Title:, Authors:), then a Hugging Face heading: no paper
	printf 'Title: my reading notes\nAuthors: me\nsome text\n\nDaily Papers\n\nnothing here either\n' >"$f"
	run --separate-stderr pp-split "$f"
	assert_failure 2
	assert_output ""
	[ "$stderr" = "pp-split: $f:1: no paper found in this arxiv part of the file (lines 1-4)"$'\n'"pp-split: $f:5: no paper found in this hf-daily part of the file (lines 5-7)" ]
	# a Hugging Face page, then a listing heading with no entry after it:
	# the page's records, and the empty part named
	{ cat "$hf"; echo; printf 'New submissions for Fri, 17 Mar 23\n\nno entry\n'; } >"$f"
	local n=$(( $(wc -l <"$hf") + 2 ))
	run --separate-stderr pp-split --year 2025 "$f"
	assert_failure 2
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <(pp-split --year 2025 "$hf" | jq -c 'del(.source)')
	[ "$stderr" = "pp-split: $f:$n: no paper found in this arxiv part of the file (lines $n-$(( n + 2 )))" ]
	# text before the first heading of the other layout is no part to name
	{ printf 'Title: my reading notes\nAuthors: me\n\n'; cat "$hf"; } >"$f"
	run --separate-stderr pp-split --year 2025 "$f"
	assert_success
	[ -z "$stderr" ]
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <(pp-split --year 2025 "$hf" | jq -c 'del(.source)')
}

@test "a line 'Daily Papers' or 'New submissions for ...' inside a wrapped Hugging Face abstract is the abstract's, no page heading" {
	local w="$S/wrapped.txt" f="$BATS_TEST_TMPDIR/p.txt"
	# into the first card's abstract and into the second's
	awk 'NR == 6 { print "Daily Papers" } NR == 24 { print "New submissions for Fri, 17 Mar 23" } { print }' \
	    "$w" >"$f"
	run --separate-stderr pp-split --year 2025 "$f"
	assert_success
	[ -z "$stderr" ]
	diff <(jq -c 'del(.source)' <<<"$output" |
	    sed -e 's/ Daily Papers//' -e 's/ New submissions for Fri, 17 Mar 23//') \
	    <(pp-split --year 2025 "$w" | jq -c 'del(.source)')
	run sh -c "pp-split --year 2025 '$f' | jq -r .abstract"
	assert_line --index 0 --partial "relationships into Daily Papers co-evolutionary epistemic"
	assert_line --index 1 --partial "such as New submissions for Fri, 17 Mar 23 ControlNet"
}

@test "a line 'New submissions for ...' or 'Daily Papers' inside an arXiv abstract is the abstract's, no page heading" {
	local ax="$DATA/arxiv-new-math.OA-2023-06-09.txt" web="$S/arxiv-web-listing.txt"
	local f="$BATS_TEST_TMPDIR/a.txt"
	local ins='NR == n { print "New submissions for Fri, 9 Jun 23" } NR == n + 1 { print "Daily Papers" } { print }'
	# a mailing's abstract (between \\ lines), a web listing's (after Subjects)
	for t in "$ax 27" "$web 12"; do
		set -- $t
		awk -v n="$2" "$ins" "$1" >"$f"
		run --separate-stderr pp-split --year 2025 "$f"
		assert_success
		[ -z "$stderr" ]
		diff <(jq -c 'del(.source)' <<<"$output" |
		    sed -e 's/ New submissions for Fri, 9 Jun 23//' -e 's/ Daily Papers//') \
		    <(pp-split --year 2025 "$1" | jq -c 'del(.source)')
		[[ "$(jq -r 'select(.abstract) | .abstract' <<<"$output" | head -n 1)" == *" New submissions for Fri, 9 Jun 23 "*" Daily Papers "* ]]
	done
}

@test "a daily page and a search page in one file give the records of each, none merged" {
	{ cat "$DATA/hf-daily-knowledge-transfer.txt"; echo; cat "$DATA/hf-search-knowledge-transfer.txt"; } >"$BATS_TEST_TMPDIR/p.txt"
	diff <(pp-split --year 2025 "$BATS_TEST_TMPDIR/p.txt" | jq -c 'del(.source)') \
	    <({ pp-split --year 2025 "$DATA/hf-daily-knowledge-transfer.txt"
	        pp-split --year 2025 "$DATA/hf-search-knowledge-transfer.txt"; } | jq -c 'del(.source)')
}

@test "a paper repeated on the next page is written again, with that page's source" {
	{ cat "$S/twice.txt"; printf '\nDaily Papers\n\n'; sed -n 3,11p "$S/twice.txt"; } >"$BATS_TEST_TMPDIR/p.txt"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/p.txt"
	assert_success
	run jq -r '.source | sub(".*:"; "")' <<<"$output"
	assert_output "3
13
47"
}

@test "markup, a label, an author line or a link's rest is no title: reported with FILE:LINE" {
	run --separate-stderr pp-split "$S/hf/not-titles.txt"
	assert_failure 2
	run jq -r .title <<<"$output"
	assert_output "A Real Title of a Paper"
	[[ "$stderr" == *"not-titles.txt:3: HTML markup, not a title: </div></div>"* ]]
	[[ "$stderr" == *"not-titles.txt:11: a label, not a title: Title: Daily Papers"* ]]
	[[ "$stderr" == *"not-titles.txt:19: a Markdown link, not a title: 2 authors]("* ]]
	[[ "$stderr" == *"not-titles.txt:27: the rest of a Markdown link, not a title: ][34]"* ]]
}

@test "arxiv: pre-2007 mailings ('Paper: ID', 'Paper (*cross-listing*): ID') give their papers" {
	run --separate-stderr pp-split "$S/arxiv/pre2007.txt"
	assert_success
	run jq -c '[.id, .date, .title, .n_authors, .url]' <<<"$output"
	assert_output '["math-ph/9712006","1997-12-08","On the Spectrum of a Quantum Operator",3,"https://arxiv.org/abs/math-ph/9712006"]
["hep-th/9712001","1997-12-09","A Cross-Listed Paper on Strings",2,"https://arxiv.org/abs/hep-th/9712001"]'
}

@test "arxiv: authors without affiliations, split on '&' and 'and'" {
	run sh -c "pp-split '$S/arxiv/pre2007.txt' | jq -c .authors"
	assert_output '["Axel Brandenburg","Kandaswamy Subramanian","Jane Roe"]
["B. Writer","C. Coauthor"]'
}

@test "arxiv: 'et al. (17 additional authors not shown)' is no name, and counts" {
	run sh -c "pp-split '$DATA/arxiv-pastweek-astro-ph.CO.txt' | jq -c 'select(.authors | index(\"C. Zhou\")) | [.n_authors, (.authors | length), (.authors | map(select(test(\"et al\"))) | length)]'"
	assert_output '[82,65,0]'
}

@test "arxiv: a web listing copied with each label on its own line; ids without their version" {
	run --separate-stderr pp-split "$S/arxiv/web-labels.txt"
	assert_success
	run jq -c '[.id, .title, .authors, .categories, .comments]' <<<"$output"
	assert_output '["2303.09147","Economic Consequences of Online Tracking Restrictions",["Klaus M. Miller","Bernd Skiera"],["econ.GN","q-fin.EC"],"42 pages"]
["2303.09176","Real Options Technique as a Tool of Strategic Risk Management",["Volodymyr Savchuk"],["q-fin.RM"],null]'
}

@test "a Trending card's one line is its summary, not an abstract; its upvotes shown before the title" {
	run --separate-stderr pp-split "$S/hf/trending.txt"
	assert_success
	run jq -c '[.title[:12], .abstract, (.summary | length > 0), .upvotes, .n_comments, .date]' <<<"$output"
	assert_output '["DeepSeek-OCR",null,true,342,12,"2025-10-21"]
["Agent Learni",null,true,128,null,"2025-10-09"]'
}

@test "a paper page's 'AI-generated summary' is the summary, its abstract the abstract" {
	run --separate-stderr pp-split "$S/hf/paper-summary.txt"
	assert_success
	run jq -c '[.title, (.summary | startswith("A short summary")), (.abstract | startswith("The abstract"))]' <<<"$output"
	assert_output '["Title Of A Paper Page",true,true]'
}

# --- JSON (cmd/split/read-json.c) ------------------------------------------------

J="$DATA/pp-split/json"

# json_golden FILE: pp-split reads FILE (in $J) without a word on stderr,
# gives exactly the titles of expected/FILE.titles, and every key and value
# expected/FILE.ndjson gives for each paper (a record may have more keys).
json_golden() {
	cd "$J"
	run --separate-stderr pp-split "$1"
	assert_success
	[ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/got"
	diff -u "expected/$1.titles" <(jq -r .title "$BATS_TEST_TMPDIR/got")
	run jq -nr --slurpfile got "$BATS_TEST_TMPDIR/got" \
	    --slurpfile want "expected/$1.ndjson" '
	    range($want | length) as $i | $want[$i] | to_entries[]
	    | select($got[$i][.key] != .value)
	    | "paper \($i + 1): \(.key): \($got[$i][.key]) is not \(.value)"'
	assert_output ''
}

@test "json golden: Hugging Face /api/daily_papers" {
	json_golden hf-api-daily-papers-2026-06-12.json
}
@test "json golden: Semantic Scholar /paper/search" {
	json_golden s2-api-paper-search-transformer.json
}
@test "json golden: a Hugging Face page's data-props gives the page's papers" {
	json_golden hf-daily-data-props.json
}

@test "json: Hugging Face's summary is the abstract, ai_summary the summary, numComments n_comments" {
	run sh -c "pp-split '$J/hf-api-daily-papers-2026-06-12.json' | head -1 |
	    jq -c '[.abstract[:20], .summary[:20], .n_comments, .numComments, .ai_summary, .url]'"
	assert_output '["Large Language Model","Large language model",2,null,null,"https://huggingface.co/papers/2606.00467"]'
}

@test "json: a hidden Hugging Face author is not written, nor counted" {
	run sh -c "pp-split '$J/hf-api-daily-papers-2026-06-12.json' |
	    jq -c 'select(.title | startswith(\"High-Fidelity Two-Step\")) | [.n_authors, (.authors | index(\"Dengyang Jiang\"))]'"
	assert_output '[9,null]'
}

@test "json: the keys the mapping does not read pass through" {
	run sh -c "pp-split '$J/hf-api-daily-papers-2026-06-12.json' | head -1 |
	    jq -c '[.ai_keywords[0], .organization.name, .thumbnail[:8], .discussionId, has(\"_id\")]'"
	assert_output '["zero-shot annotation","caltech","https://","6a2c75a4a0d4daae4285f068",false]'
}

@test "json: a pretty-printed Hugging Face paper object is one compact record" {
	run --separate-stderr pp-split "$J/hf-paper.json"
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *'"ai_keywords":["LLMs","psychometric probes",'* ]]
	run jq -c '[.title[:30], .abstract[:20], (.summary | length > 0), .date, .upvotes, .source]' <<<"$output"
	assert_output "[\"Rethinking Psychometric Evalua\",\"Anticipating LLM beh\",true,\"2026-06-10\",5,\"$J/hf-paper.json:1\"]"
}

@test "json: a pretty-printed Semantic Scholar paper: externalIds give id and doi, extras stay" {
	cd "$J"
	run --separate-stderr pp-split s2-paper.json
	assert_success
	[ -z "$stderr" ]
	run jq -c '[.id, .doi, .date, .venue, .citationCount, .journal.volume, .paperId[:8], .externalIds.CorpusId, .source]' <<<"$output"
	assert_output '["2012.07436","10.1609/aaai.v35i12.17325","2020-12-14","AAAI Conference on Artificial Intelligence",4321,"35","5b9d8bcc",229156802,"s2-paper.json:1"]'
}

@test "json: a batch answer's nulls are no papers and no errors" {
	cd "$J"
	run --separate-stderr pp-split s2-batch.json
	assert_success
	[ -z "$stderr" ]
	run jq -r '.source' <<<"$output"
	assert_output "$(printf 's2-batch.json:3\ns2-batch.json:38')"
}

@test "json: a wrapped list ({offset, data}) gives its papers; year is the date when no other" {
	cd "$J"
	run --separate-stderr pp-split s2-author-papers.json
	assert_success
	run jq -c '[.title[:16], .date, .year, .source]' <<<"$output"
	assert_output - <<-'EOF'
	["Swin Transformer","2021",2021,"s2-author-papers.json:5"]
	["SwinIR: Image Re","2021-08-23",2021,"s2-author-papers.json:59"]
	EOF
}

@test "json: several documents in one file; a cut one is reported where it starts" {
	cd "$J"
	run --separate-stderr pp-split documents.json
	assert_failure 2
	[ "$stderr" = "pp-split: documents.json:2: invalid JSON: not closed before the next document (line 31)" ]
	run jq -r '"\(.source) \(.title[:20])"' <<<"$output"
	assert_output - <<-'EOF'
	documents.json:31 Restormer: Efficient
	documents.json:78 On the Limits of LLM
	documents.json:164 Rethinking Psychomet
	EOF
}

@test "json: responses appended without a newline (curl >> file) are all read" {
	cd "$J"
	run --separate-stderr pp-split curl-appended.json
	assert_success
	[ "${#lines[@]}" -eq 3 ]
}

@test "json: a bad element of a pretty array is reported at its line, the rest read" {
	cd "$J"
	run --separate-stderr pp-split bad-element.json
	assert_failure 2
	[ "$stderr" = "pp-split: bad-element.json:56: invalid JSON: expected ',' or '}' at line 58, column 5" ]
	run jq -r .source <<<"$output"
	assert_output "$(printf 'bad-element.json:2\nbad-element.json:107')"
}

@test "json: an element never closed is reported; the next element is still read" {
	cd "$J"
	run --separate-stderr pp-split unclosed-element.json
	assert_failure 2
	[ "$stderr" = "pp-split: unclosed-element.json:2: invalid JSON: not closed before the next element (line 55)" ]
	run jq -r .source <<<"$output"
	assert_output "$(printf 'unclosed-element.json:55\nunclosed-element.json:106')"
}

@test "json: a string broken by a newline is reported; the run goes on" {
	printf '[\n  {"title": "a\n  b"},\n  {"title": "c"}\n]\n' > "$BATS_TEST_TMPDIR/s.json"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr pp-split s.json
	assert_failure 2
	[ "$stderr" = "pp-split: s.json:2: invalid JSON: a string is not closed at the end of the line" ]
	assert_output '{"title":"c","source":"s.json:4"}'
}

@test "json: the arXiv snapshot: id, authors, first version's date, categories, doi, venue, url" {
	run sh -c "pp-split '$DATA/arxiv-metadata-snapshot-50.ndjson' | head -1 |
	    jq -c '[.id, .authors[0], .date, .categories, .doi, .venue, .report_no, .update_date, .url, has(\"versions\"), has(\"journal-ref\")]'"
	assert_output '["0704.0001","C. Balázs","2007-04-02",["hep-ph"],"10.1103/PhysRevD.76.013009","Phys.Rev.D76:013009,2007","ANL-HEP-PR-07-12","2008-11-26","https://arxiv.org/abs/0704.0001",false,false]'
}

@test "json: a record already in DESIGN's shape is written as it came, but for source" {
	rec='{"title":"T","abstract":"A b.","summary":"S.","authors":["A B","C D"],"n_authors":2,"date":"2024-05-06","upvotes":3,"n_comments":1,"id":"2405.00001","categories":["cs.CL"],"comments":"9 pages","doi":"10.1/x","venue":"ACL","score":1.5,"nested":{"a":[1,null]},"url":"https://arxiv.org/abs/2405.00001"'
	run --separate-stderr pp-split - <<<"$rec,\"source\":\"old.txt:9\"}"
	assert_success
	assert_output "$rec,\"source\":\"-:1\"}"
}

@test "json: pp-split's own output read again is the same but for source" {
	pp-split "$J/hf-api-daily-papers-2026-06-12.json" > "$BATS_TEST_TMPDIR/a.ndjson"
	diff <(jq -c 'del(.source)' "$BATS_TEST_TMPDIR/a.ndjson") \
	    <(pp-split "$BATS_TEST_TMPDIR/a.ndjson" | jq -c 'del(.source)')
}

@test "json: an object with no title and no list of papers is reported" {
	run --separate-stderr pp-split - <<<'{"error": "Too Many Requests"}'
	assert_failure 2
	[[ "$stderr" == *"pp-split: -:1: a JSON object with no title and no list of papers: skipped"* ]]
}

@test "json: a value that is not an object is reported, the next line read" {
	run --separate-stderr pp-split - <<-'EOF'
	{"title":"a"}
	"just a string"
	{"title":"b"}
	EOF
	assert_failure 2
	[[ "$stderr" == "pp-split: -:2: not a JSON object" ]]
	assert_output - <<-'EOF'
	{"title":"a","source":"-:1"}
	{"title":"b","source":"-:3"}
	EOF
}

@test "json: an arXiv id loses its 'arXiv:' and version; a DOI its resolver" {
	run --separate-stderr pp-split - <<<'{"title":"T","id":"arXiv:2303.08867v2","doi":"https://doi.org/10.1/X"}'
	assert_output '{"title":"T","id":"2303.08867","doi":"10.1/X","source":"-:1"}'
}

@test "--format list names the json reader" {
	run pp-split --format list
	assert_success
	assert_line --regexp '^json +NDJSON'
}

@test "json: invalid UTF-8 in a wrapped list over several lines: repaired, each paper at its line" {
	# The lines of the repaired copy were once counted in the original
	# (a read past its end; tests/fuzz/corpus/split-json/).  "hits" is
	# no list key that is read element by element: the object is whole.
	printf '{"hits": [\n  {"title": "Caf\xe9"},\n  {"title": "b"}\n]}\n' > "$BATS_TEST_TMPDIR/w.json"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr pp-split w.json
	assert_success
	[ "$stderr" = "pp-split: w.json:1: invalid UTF-8 replaced with U+FFFD" ]
	assert_output - <<-EOF
	{"title":"Caf$(printf '\xef\xbf\xbd')","source":"w.json:2"}
	{"title":"b","source":"w.json:3"}
	EOF
}

@test "json: a record repeated in a JSON file is written each time, as cat would" {
	run --separate-stderr pp-split - <<-'EOF'
	{"title":"T","id":"2401.00001"}
	{"title":"T","id":"2401.00001"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	{"title":"T","id":"2401.00001","source":"-:1"}
	{"title":"T","id":"2401.00001","source":"-:2"}
	EOF
}

@test "json: an empty object is reported, not read as a paper" {
	# memset on the member table of {} once passed NULL (UBSan; the fuzzer)
	run --separate-stderr pp-split - <<<'{}'
	assert_failure 2
	[[ "$stderr" == *"-:1: a JSON object with no title and no list of papers: skipped"* ]]
}

@test "json: in NDJSON an unclosed line is reported alone; the next line is the next record" {
	run --separate-stderr pp-split - <<-'EOF'
	{"title":"a"}
	{"title":"b", "authors":
	["not", "a", "paper"]
	{"title":"c"}
	EOF
	assert_failure 2
	assert_output - <<-'EOF'
	{"title":"a","source":"-:1"}
	{"title":"c","source":"-:4"}
	EOF
	[[ "$stderr" == "pp-split: -:2: invalid JSON: the object is not closed at the end of the line"$'\n'"pp-split: -:3: not a JSON object"* ]]
}

@test "json: a document with every line at the left margin (Python's indent=0) is read" {
	python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin), indent=0))' \
	    < "$J/s2-author-papers.json" > "$BATS_TEST_TMPDIR/i0.json"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr pp-split i0.json
	assert_success
	[ -z "$stderr" ]
	run jq -r .source <<<"$output"
	assert_output "$(printf 'i0.json:5\ni0.json:59')"
}

@test "json: Semantic Scholar's tldr is the summary; an empty venue gives way to the journal's name" {
	run --separate-stderr pp-split - <<-'EOF'
	{"paperId":"p1","title":"T","venue":"","journal":{"name":"ArXiv","volume":"abs/2103.1"},"tldr":{"model":"tldr@v2.0.0","text":"A short  summary."}}
	{"paperId":"p2","title":"U","venue":"","publicationVenue":{"id":"x","name":"NeurIPS"},"journal":{"name":"J"}}
	EOF
	assert_success
	run jq -c '[.summary, .venue, .journal.volume, .tldr.model]' <<<"$output"
	assert_output - <<-'EOF'
	["A short summary.","ArXiv","abs/2103.1","tldr@v2.0.0"]
	[null,"NeurIPS",null,null]
	EOF
}

@test "json: a record never has a key twice: the source's own 'venue' wins, journal-ref stays" {
	run --separate-stderr pp-split - <<<'{"title":"T","journal-ref":"Phys.Rev.D 1","venue":"PRD"}'
	assert_output '{"title":"T","venue":"PRD","journal-ref":"Phys.Rev.D 1","source":"-:1"}'
}

@test "json: a pretty response's list (data, papers, results) is read element by element" {
	# each element reported and read on its own, as in a top-level array
	printf '{\n  "total": 3,\n  "data": [\n    {"title": "a"},\n    {"title": "Caf\xe9"},\n    {"title": "c", "x": [1,\n    2]}\n  ],\n  "next": null\n}\n{"data": [{"title": "d"}]}\n' > "$BATS_TEST_TMPDIR/w.json"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr pp-split w.json
	assert_success
	[ "$stderr" = "pp-split: w.json:5: invalid UTF-8 replaced with U+FFFD" ]
	run jq -c '[.title, .source]' <<<"$output"
	assert_output - <<-EOF
	["a","w.json:4"]
	["Caf$(printf '\xef\xbf\xbd')","w.json:5"]
	["c","w.json:6"]
	["d","w.json:11"]
	EOF
}

@test "json: a pretty response is read in memory bounded by one paper" {
	[ -x /usr/bin/time ] || skip "no /usr/bin/time"
	! ldd "$TOP/cmd/pp-split" | grep -q libasan || skip "sanitizers' memory"
	{
		printf '{\n  "total": 200000,\n  "data": [\n'
		jq -c '.data[0]' "$J/s2-api-paper-search-transformer.json" |
		    awk '{ for (i = 0; i < 20000; i++) print "    " $0 "," }'
		printf '    {"title": "last"}\n  ]\n}\n'
	} > "$BATS_TEST_TMPDIR/big.json"
	run sh -c "/usr/bin/time -f %M pp-split '$BATS_TEST_TMPDIR/big.json' 2>&1 >/dev/null"
	assert_success
	[ "$output" -lt 16000 ]		# KB, for a 50 MB response
}

@test "json: '[1]  arXiv:ID' starting a listing is not taken for JSON; [1, 2] is, said once" {
	printf '[1]  arXiv:2301.00001 [pdf]\n' > "$BATS_TEST_TMPDIR/l.txt"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/l.txt"
	[[ "$stderr" != *"JSON"* ]]
	run --separate-stderr pp-split - <<<'[1, 2, 3]'
	assert_failure 2
	[ "$stderr" = "pp-split: -:1: not a JSON object"$'\n'"pp-split: -: no paper found in this json file" ]
}

@test "json: --format json on a text page says so once, not once a line" {
	run --separate-stderr pp-split --format json "$DATA/hf-daily-knowledge-transfer.txt"
	assert_failure 2
	[ "${#stderr_lines[@]}" -eq 2 ]
	[[ "${stderr_lines[0]}" == *"hf-daily-knowledge-transfer.txt:1: invalid JSON: 'n' outside any object or array" ]]
}

# --- markdown ----------------------------------------------------------------

M="$S/markdown"

@test "markdown: a Firecrawl capture of a search page gives every expected title, ids, urls, dates and counts" {
	reader_needed markdown
	f=hf-search-source-citations-firecrawl.md
	run --separate-stderr pp-split "$M/$f"
	assert_success
	[ -z "$stderr" ]
	diff "$M/$f.titles" <(jq -r .title <<<"$output")
	run jq -r '[.id, .url, .date, .n_authors // "-", .upvotes // "-", .n_comments // "-"] | @tsv' <<<"$output"
	assert_output "$(printf '%s\t%s\t%s\t%s\t%s\t%s\n' \
	    2606.00683 https://huggingface.co/papers/2606.00683 2026-05-29 - 101 6 \
	    2609.11115 https://huggingface.co/papers/2609.11115 2026-09-09 - 173 9 \
	    2502.20581 https://huggingface.co/papers/2502.20581 2025-02-27 3 - - \
	    2605.08583 https://huggingface.co/papers/2605.08583 2026-05-08 - 1 1 \
	    2609.00319 https://huggingface.co/papers/2609.00319 2026-08-30 10 - - \
	    2403.01774 https://huggingface.co/papers/2403.01774 2024-03-03 9 - - \
	    2410.22349 https://huggingface.co/papers/2410.22349 2024-10-14 5 - - \
	    2509.04499 https://huggingface.co/papers/2509.04499 2025-09-01 6 - -)"
}

@test "markdown: no title keeps link syntax, a backslash or an author line; sources are lines of the Markdown" {
	reader_needed markdown
	f="$M/hf-search-source-citations-firecrawl.md"
	run pp-split "$f"
	run jq -r .title <<<"$output"
	refute_output --partial ']('
	refute_output --partial '\'
	refute_output --partial 'authors'
	run sh -c "pp-split '$f' | jq -r '.source' | sed 's/.*://' | while read n; do sed -n \"\${n}p\" '$f'; done"
	assert_line --index 0 '[101](https://huggingface.co/login?next=%2Fpapers%2F2606.00683)'
	assert_line --index 2 '[-](https://huggingface.co/login?next=%2Fpapers%2F2502.20581)'
}

@test "markdown: reference-style links '### [Title][12]' give url and id; a card without 'N authors' is kept" {
	reader_needed markdown
	run --separate-stderr pp-split "$M/reference-links.md"
	assert_success
	run jq -c '[.title, .id, .url, .n_authors, .date, .upvotes]' <<<"$output"
	assert_output '["OmniGen: Unified Image Generation","2409.11340","https://huggingface.co/papers/2409.11340",9,"2024-09-17",29]
["Knowledge Distillation: A Survey of the Field","2006.05525","https://arxiv.org/abs/2006.05525v7",null,"2024-09-18",7]'
}

@test "markdown: a card without an abstract whose byline is an organisation keeps its title (a clip of a daily page)" {
	reader_needed markdown
	run --separate-stderr pp-split "$M/hf-daily-org-byline.md"
	assert_success
	run jq -c '[.title, .id, .n_authors, .date, .n_comments]' <<<"$output"
	assert_output '["Chameleon: Mixed-Modal Early-Fusion Foundation Models","2405.09818",null,"2024-05-16",7]
["Many-Shot In-Context Learning in Multimodal Foundation Models","2405.09798",8,"2024-05-16",3]
["Grounding DINO 1.5: Advance the Edge of Open-Set Object Detection","2405.10300",null,"2024-05-16",null]'
}

@test "markdown: hard breaks, escapes and entities are resolved; Jina Reader's header is no paper" {
	reader_needed markdown
	run --separate-stderr pp-split "$M/hard-breaks.md"
	assert_success
	run jq -r '.title' <<<"$output"
	assert_output 'Distilling the Knowledge in a Neural Network
On_the Efficacy of Knowledge Distillation
Born-Again Neural Networks (a title without a link)'
	run sh -c "pp-split '$M/hard-breaks.md' | jq -r '.abstract[0:140]'"
	assert_line --index 0 'A very simple way to improve the performance of almost any machine learning algorithm is to train many different models on the same data and'
	run sh -c "pp-split '$M/hard-breaks.md' | jq -r '.abstract' | grep -c -e 'predictions & use an ensemble \\*of\\* them' -e 'architectures — an important'"
	assert_output 2
}

@test "markdown: a file is told from its content; Markdown with no listing in it is an error" {
	reader_needed markdown
	run pp-split --format list
	assert_line --regexp '^markdown +'
	printf '# Notes\n\n[a](https://a.example) [b](https://b.example) [c](https://c.example)\n[d](https://d.example) [e](https://e.example) [f](https://f.example)\n[g](https://g.example) [h](https://h.example)\n' > "$BATS_TEST_TMPDIR/notes.md"
	run --separate-stderr pp-split --format markdown "$BATS_TEST_TMPDIR/notes.md"
	assert_failure 2
	# said once: not also "no paper found in this markdown file"
	[ "$stderr" = "pp-split: $BATS_TEST_TMPDIR/notes.md: no listing layout in the text of this Markdown" ]
}

@test "markdown: an arXiv listing in Markdown is read by the arXiv layout, author links and all" {
	reader_needed markdown
	run --separate-stderr pp-split "$M/arxiv-list.md"
	assert_success
	run jq -c '[.id, .title, .authors, .categories, .comments]' <<<"$output"
	assert_output '["2501.00001","Learning to Reason with Small Models",["Alice Smith","Bob Jones"],["cs.AI","cs.LG"],"10 pages, 3 figures"]
["2501.00002","A Second Paper on $\\alpha$-Things",["Carol White"],["cs.AI"],null]'
	# the abstract, a paragraph of its own after Subjects
	run --separate-stderr pp-split "$M/arxiv-list.md"
	run jq -r '.abstract | .[0:40]' <<<"$output"
	assert_output 'We study how small language models can l
Second abstract that is long enough to b'
}

@test "arxiv: a text browser's dump (w3m), every label indented, gives every entry, and a category wrapped before its parenthesis" {
	run --separate-stderr pp-split "$S/arxiv/w3m-dump.txt"
	assert_success
	run jq -c '[.id, .title, .categories, (.abstract // "" | .[0:16])]' <<<"$output"
	assert_output '["2405.07001","Chain-of-Thought for Everyone",["cs.CL","cs.AI"],"We study reasoni"]
["2405.07002","A Second Paper With a Rather Long Title That Wraps Onto the Next Line",["cs.CL"],"Second abstract "]
["2405.06001","Cross Paper",["cs.LG","cs.CL"],"Cross abstract w"]
["2301.00002","Replaced Paper",["cs.CL"],""]'
}

@test "arxiv: an /abs/ page copied from a browser gives its abstract, first version's date, bare DOI and venue, and no URL as a key" {
	run --separate-stderr pp-split "$S/arxiv/abs-page-copy.txt"
	assert_success
	run jq -c '[.id, .date, .doi, .venue, (.abstract | .[0:24]), has("arxiv_abstract"), has("https")]' <<<"$output"
	assert_output '["2306.05432","2023-06-08","10.3847/1538-4357/ace04b","Astrophys. J. 955, 12 (2023)","We study dynamos in a la",false,false]'
}

@test "arxiv: lynx -dump's link numbers ([13]arXiv:..., [17]Alice Smith) are no part of ids or names" {
	run --separate-stderr pp-split "$S/arxiv/lynx-dump.txt"
	assert_success
	run jq -c '[.id, .authors[0], .categories]' <<<"$output"
	assert_output '["2405.07001","Alice Smith",["cs.CL","cs.AI"]]
["2405.07002","Dan Brown",["cs.CL"]]
["2405.06001","Kim Kay",["cs.LG","cs.CL"]]
["2301.00002","Eve White",["cs.CL"]]'
}

@test "arxiv: labels indented, then a blank line and an abstract at the margin over several lines: the abstract is kept whole" {
	run --separate-stderr pp-split "$S/arxiv/indented-labels-abstract-after-blank.txt"
	assert_success
	run jq -r '.abstract' <<<"$output"
	assert_output 'We bound the error of the thing subject to the constraint when the matrix has i.i.d. entries, and the rate holds for every s in the sequence.
Second abstract that is long enough to be one and goes on over two lines.'
}

@test "arxiv: a web listing copied with a blank line before each abstract keeps the abstracts, and no heading becomes one" {
	run --separate-stderr pp-split "$S/arxiv/web-blank-lines.txt"
	assert_success
	run jq -c '[.id, (.abstract // "" | .[0:24])]' <<<"$output"
	assert_output '["2405.07001","We study reasoning in la"]
["2405.07002","Second abstract that is "]
["2405.06001","Cross abstract with enou"]
["2301.00002",""]'
}

@test "markdown: Jina Reader's daily page: image links, avatar bullets and 'Submitted by' are no records" {
	reader_needed markdown
	run --separate-stderr pp-split "$M/jina-daily.md"
	assert_success
	run jq -c '[.title, .n_authors, .date, .upvotes, .id]' <<<"$output"
	assert_output '["OmniGen: Unified Image Generation",9,"2024-09-17",29,"2409.11340"]
["Qwen2-VL: Enhancing Vision-Language Model'"'"'s Perception of the World at Any Resolution",9,"2024-09-18",12,"2409.12191"]'
}

@test "markdown: MarkDownload's front matter and excerpt quote are no paper" {
	reader_needed markdown
	f="$M/markdownload.md"
	run --separate-stderr pp-split "$f"
	assert_success
	run jq -c '[.title, .id, .n_authors, .date, .source]' <<<"$output"
	assert_output '["OmniGen: Unified Image Generation","2409.11340",9,"2024-09-17","'"$f"':15"]'
}

@test "bibtex: CSS's '@font-face {' is not taken for BibTeX; a file of broken entries still is" {
	reader_needed bibtex
	printf '<style>\n@font-face {\n  font-family: x; src: url(a.woff);\n}\n</style>\n' > "$BATS_TEST_TMPDIR/page.css"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/page.css"
	assert_failure 2
	[[ "$stderr" != *BibTeX* ]]
	printf '@article{k,\n  title = {A\n' > "$BATS_TEST_TMPDIR/broken.bib"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/broken.bib"
	assert_failure 2
	[[ "$stderr" == *"broken.bib:1: BibTeX entry 'k' cannot be read (line 2: this brace is not closed): skipped"* ]]
}

@test "bibtex: year '2020a' and '2020--2021' give 2020; 'in press' gives no date, with a warning" {
	reader_needed bibtex
	run --separate-stderr sh -c "printf '@article{a, title={A}, year={2020a}}\n@article{b, title={B}, year={2020--2021}}\n@article{c, title={C}, year={in press}}\n' | pp-split"
	assert_success
	run jq -c '[.key, .date]' <<<"$output"
	assert_output '["a","2020"]
["b","2020"]
["c",null]'
	[[ "$stderr" == *"-:3: year 'in press' is not a year: no date"* ]]
}

# --- text pages: the later rules ---------------------------------------------

@test "a page of a file that gives no paper is reported with the line it starts on" {
	run --separate-stderr pp-split --year 2025 "$S/hf/empty-page.txt"
	assert_failure 2
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == *"empty-page.txt:29: no paper in this page"* ]]
}

@test "arxiv: two mailings in one file are two pages: a paper in both is in both" {
	cat "$DATA/arxiv-new-math.OA-2023-06-09.txt" "$DATA/arxiv-new-math.OA-2023-06-09.txt" >"$BATS_TEST_TMPDIR/two.txt"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/two.txt"
	assert_success
	[ "${#lines[@]}" -eq 6 ]
}

@test "a Markdown hard break (a backslash at a line's end) inside a title is a space" {
	run --separate-stderr pp-split "$S/hf/hard-break.txt"
	assert_success
	run jq -r .title <<<"$output"
	assert_output "A Title Broken Over Two Lines"
}

@test "a Firecrawl page: upvotes before each title, comments beside its date, dates from the page's 'Oct 2'" {
	# retrieved 2026-10-02: the page is Oct 2 2026, May 29 is 2026-05-29
	run --separate-stderr env SOURCE_DATE_EPOCH=1790899200 pp-split "$S/markdown/hf-search-source-citations-firecrawl.md"
	assert_success
	run jq -c '[.date, .upvotes, .n_comments, .id]' <<<"$output"
	assert_line --index 0 '["2026-05-29",101,6,"2606.00683"]'
	assert_line --index 1 '["2026-09-09",173,9,"2609.11115"]'
}

@test "a SOURCE_DATE_EPOCH that is no count of seconds stops the run, as in pp-grep" {
	run --separate-stderr env SOURCE_DATE_EPOCH=yesterday pp-split "$S/hf/two-pages.txt"
	assert_failure 2
	assert_output ''
	[[ $stderr == "pp-split: SOURCE_DATE_EPOCH: 'yesterday' is not a whole number" ]]
}

@test "pp-split bibtex: a value ending in CRs is read without btparse reading past it (the fuzzer's find: heap corruption)" {
	printf '@article{k,\n  title = {A title}\r\r\r,\n  note = {x},\r%% a comment\r  year = {2020}}\n@misc{s,title={B},r={{}\r\r\r}}\n' > "$BATS_TEST_TMPDIR/cr.bib"
	run --separate-stderr pp-split --format bibtex "$BATS_TEST_TMPDIR/cr.bib"
	assert_success
	run jq -c '[.title, .date]' <<<"${lines[0]}"
	assert_output '["A title","2020"]'
	# a CR is no line: the sources are the file's lines
	run sh -c "pp-split --format bibtex '$BATS_TEST_TMPDIR/cr.bib' | jq -r .source"
	assert_output "$BATS_TEST_TMPDIR/cr.bib:1
$BATS_TEST_TMPDIR/cr.bib:4"
	printf '@article{k,\n  title = {A\r\r\r\r\r\r\r\r},\n}\n@misc{m,\n  title = {B}}\n' > "$BATS_TEST_TMPDIR/cr2.bib"
	run sh -c "pp-split --format bibtex '$BATS_TEST_TMPDIR/cr2.bib' | jq -r .source"
	assert_output "$BATS_TEST_TMPDIR/cr2.bib:1
$BATS_TEST_TMPDIR/cr2.bib:4"
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	run valgrind -q --error-exitcode=9 pp-split --format bibtex "$BATS_TEST_TMPDIR/cr.bib"
	[ "$status" -ne 9 ]
}

@test "pp-split bibtex: a @string defined by itself is undefined, not a crash" {
	printf '@article{x, title = {T}}\n@string{p = p}\n@article{y, title = p # {U}}\n' > "$BATS_TEST_TMPDIR/self.bib"
	run pp-split "$BATS_TEST_TMPDIR/self.bib"
	[ "$status" -ne 139 ]
	assert_line --partial '"title":"T"'
	assert_line --partial 'undefined macro "p"'
}

@test "a file in UTF-16, a byte order mark first (Windows' Unicode text, PowerShell's redirections), reads as in UTF-8, its lines too" {
	local f b t="$BATS_TEST_TMPDIR"
	# an HTML page that says so in its meta tag too
	sed 's/<head>/<head><meta charset="utf-16">/' \
	    "$S/html/arxiv-search-dynamo.html" > "$t/search.html"
	for f in "$S/arxiv-web-listing.txt" "$t/search.html" \
	    "$S/hf/dump-w3m-daily-2024-08-01.txt" "$S/markdown/jina-daily.md"; do
		b=$(basename "$f")
		{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$f"; } > "$t/le-$b"
		{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$f"; } > "$t/be-$b"
		run --separate-stderr pp-split "$t/le-$b"
		assert_success
		[ -z "$stderr" ]
		[ -n "$output" ]
		diff <(jq -c '.source |= sub(".*:"; "")' <<<"$output") \
		    <(pp-split "$f" | jq -c '.source |= sub(".*:"; "")')
		run --separate-stderr pp-split "$t/be-$b"
		assert_success
		diff <(jq -c '.source |= sub(".*:"; "")' <<<"$output") \
		    <(pp-split "$f" | jq -c '.source |= sub(".*:"; "")')
	done
	# a lone surrogate is U+FFFD, and said with its line
	{ printf '\377\376'; printf 'arXiv:2401.00001\nTitle: A paper\nAuthors: A B\n' |
	    iconv -f UTF-8 -t UTF-16LE; printf '\000\330'; } > "$t/bad.txt"
	run --separate-stderr pp-split "$t/bad.txt"
	assert_success
	assert_output --partial '"title":"A paper"'
	[ "$stderr" = "pp-split: $t/bad.txt:4: invalid UTF-16 replaced with U+FFFD" ]
}

@test "mhtml: a page a browser saved as one file (Webpage, Single File) gives the HTML page's papers, and its lines are the archive's" {
	# Blink's MIME multipart/related: the page quoted-printable ("=3D",
	# UTF-8 as "=C3=AD", soft breaks in the data-props line), CRLF, the
	# style sheet and images as other parts; or the page in base64
	local pair
	for pair in arxiv-search-dynamo:arxiv-search-dynamo \
	    hf-daily-2024-08-01:hf-daily-html-2024-08-01; do
		run --separate-stderr pp-split "$S/mhtml/blink-${pair%%:*}.mhtml"
		assert_success
		[ -z "$stderr" ]
		diff <(jq -c 'del(.source)' <<<"$output") \
		    <(pp-split "$S/html/${pair#*:}.html" | jq -c 'del(.source)')
	done
	run pp-split "$S/mhtml/blink-arxiv-search-dynamo.mhtml"
	run jq -r '.source | sub(".*:"; "")' <<<"$output"
	assert_output '78
155
191'
	sed -n 78p "$S/mhtml/blink-arxiv-search-dynamo.mhtml" | grep -q 'class=3D"arxiv-result"'
	run --separate-stderr pp-split "$S/mhtml/base64-arxiv-list-pastweek-2024.mht"
	assert_success
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <(pp-split "$S/html/arxiv-list-pastweek-2024.html" | jq -c 'del(.source)')
}

@test "mhtml: the page after a large part (a style sheet of 70,000 lines) is found and read" {
	local a="$BATS_TEST_TMPDIR/css-first.mhtml"
	{
		printf 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
		printf -- '--b\r\nContent-Type: text/css\r\n\r\n'
		yes 'a { color: red; }' | head -n 70000
		printf -- '--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
		cat "$S/html/arxiv-search-dynamo.html"
		printf -- '--b--\r\n'
	} > "$a"
	run --separate-stderr pp-split "$a"
	assert_success
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <(pp-split "$S/html/arxiv-search-dynamo.html" | jq -c 'del(.source)')
}

@test "mhtml: a web archive without an HTML page is reported, status 2" {
	printf 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n' > "$BATS_TEST_TMPDIR/img.mhtml"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/img.mhtml"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "pp-split: $BATS_TEST_TMPDIR/img.mhtml:1: no HTML page in this web archive" ]
}

@test "pandoc: an arXiv listing converted by pandoc to its own Markdown, to plain text, gives the page's papers" {
	reader_needed markdown
	# pandoc -f html -t markdown: fenced divs, [Title:]{.descriptor}
	# spans, a definition list indented four spaces, no-break spaces
	run --separate-stderr pp-split "$S/markdown/pandoc-arxiv-list-new-cs-2018.md"
	assert_success
	[ -z "$stderr" ]
	diff <(jq -r .title <<<"$output") "$S/arxiv-list-new-cs-2018.titles"
	run jq -c 'select(.id == "1807.07067") | [.authors, .categories, .comments]' <<<"$output"
	assert_output '[["Assaf Kfoury"],["cs.DS"],"12 pages, 0 figures, 13 references. arXiv admin note: text overlap with arXiv:1807.04186"]'
	# pandoc -t plain: it starts with "[]" (no JSON), fields indented and
	# apart, a comment's wrapped "arXiv:ID" line goes on with it
	run --separate-stderr pp-split "$S/pandoc-plain-arxiv-list-new-cs-2018.txt"
	assert_success
	[ -z "$stderr" ]
	diff <(jq -r .title <<<"$output") "$S/arxiv-list-new-cs-2018.titles"
	run jq -r 'select(.id == "1702.04463") | .comments' <<<"$output"
	assert_output "arXiv admin note: substantial text overlap with arXiv:1611.08983"
}

@test "pandoc: arXiv search results and a 2024 listing in pandoc's Markdown give the HTML page's papers" {
	reader_needed markdown
	# "1.  ::: is-marginless": a fenced div after an ordered list's
	# marker; a span's attributes wrapped over lines ("]{#ID-abstract-short
	# .abstract-short" then ".mathjax style=...}"), whose emptied line
	# must not end the list item or the paragraph
	local page keys='{title, authors, id, categories, comments, date,
	    doi, venue, replaced, a: (.abstract // "" | gsub("[“”]"; "\"") |
	    .[0:60])}'	# (pandoc writes the page's curly quotes straight)
	for page in search-dynamo list-pastweek-2024; do
		run --separate-stderr pp-split "$S/markdown/pandoc-arxiv-$page.md"
		assert_success
		[ -z "$stderr" ]
		diff <(jq -c "$keys" <<<"$output") \
		    <(pp-split "$S/html/arxiv-$page.html" | jq -c "$keys")
	done
}

@test "pandoc -t gfm: arXiv pages whose markup is kept as raw HTML in Markdown give the HTML page's papers, read as the browser shows them" {
	reader_needed markdown
	# no <dt> or li.arxiv-result is left for the HTML reader: the tags
	# are markup between Markdown's links, and the text is read
	local page
	for page in search-dynamo list-pastweek-2024; do
		run --separate-stderr pp-split "$S/markdown/pandoc-gfm-arxiv-$page.md"
		assert_success
		[ -z "$stderr" ]
		diff <(jq -c 'del(.source, .url)' <<<"$output") \
		    <(pp-split "$S/html/arxiv-$page.html" |
		    jq -c 'del(.source, .url)')
	done
}

@test "pandoc: a Hugging Face daily page in pandoc's Markdown gives the page's data, as its HTML does" {
	reader_needed markdown
	# pandoc keeps data-props as an attribute, props="{\"dailyPapers\":...}":
	# abstracts, names and dates that the cards do not show
	run --separate-stderr pp-split "$S/markdown/pandoc-hf-daily-2024-08-01.md"
	assert_success
	[ -z "$stderr" ]
	records=$output
	diff <(jq -c 'del(.source)' <<<"$records") \
	    <(pp-split "$S/html/hf-daily-html-2024-08-01.html" | jq -c 'del(.source)')
	# without the props, the cards as they show: every card, and no "·"
	# (between a card's avatars and its author count) taken for a title
	run --separate-stderr pp-split "$S/markdown/pandoc-hf-daily-2024-08-01-noprops.md"
	assert_success
	[ -z "$stderr" ]
	records=$output
	diff <(jq -r .title <<<"$records") "$S/markdown/pandoc-hf-daily-2024-08-01.md.titles"
	run jq -c 'select(.id == "2407.21783") | [.upvotes, .n_authors, .url]' <<<"$records"
	assert_output '[94,533,"https://huggingface.co/papers/2407.21783"]'
	# with CRLF line ends: a heading's attributes end at "\r\n" too
	sed 's/$/\r/' "$S/markdown/pandoc-hf-daily-2024-08-01-noprops.md" \
	    > "$BATS_TEST_TMPDIR/crlf.md"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/crlf.md"
	assert_success
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <(jq -c 'del(.source)' <<<"$records")
}

@test "pandoc -t gfm: a Hugging Face page kept as raw HTML in Markdown is read as the HTML it is, with the page's data" {
	# pandoc keeps HF's <div>s as raw HTML and writes data-props as props
	run --separate-stderr pp-split "$S/markdown/pandoc-gfm-hf-daily-2024-08-01.md"
	assert_success
	[ -z "$stderr" ]
	diff <(jq -c 'del(.source)' <<<"$output") \
	    <(pp-split "$S/html/hf-daily-html-2024-08-01.html" | jq -c 'del(.source)')
	[ "$(jq -s length <<<"$output")" -eq 13 ]
}

# hf_daily_cards FILE: FILE, a form of the Hugging Face daily page of
# 2024-08-01, read without a word on stderr gives every card's title, as
# the HTML page does; its records are left in $records.
hf_daily_cards() {
	run --separate-stderr pp-split "$1"
	assert_success
	[ -z "$stderr" ]
	records=$output
	diff <(jq -r .title <<<"$records") "$S/html/hf-daily-html-2024-08-01.html.titles"
}

@test "text dumps: a Hugging Face daily page as pandoc -t plain, lynx, w3m, elinks and links2 -dump and html2text(1) write it gives every card, with votes and author counts" {
	# what the dumps put around the text: link numbers ("[15]Title"),
	# image placeholders ("[]", "[ ]", "[be9c948ecf]"), the avatars' empty
	# list items ("-   "), the dot as a list item ("-   ·"), a menu of
	# bullets, w3m's box-drawn rule and lynx's list of links at the end
	# elinks: "•&nbsp;[25][IMG]" avatars; links2: their bullets on one
	# line ("* *  *  * ·")
	for tool in pandoc-plain lynx w3m html2text elinks links2; do
		hf_daily_cards "$S/hf/dump-$tool-daily-2024-08-01.txt"
		run jq -c 'select(.title == "The Llama 3 Herd of Models") | [.upvotes, .n_authors]' <<<"$records"
		assert_output '[94,533]'
		run jq -c 'select(.title | startswith("NeRF-MAE")) | [.upvotes, .n_authors]' <<<"$records"
		assert_output '[3,6]'
	done
	# the count after the authors, marked as a link ("[16]5") or beside
	# an icon ("[] 5"), is the comments; a bare "5" (w3m, html2text) is
	# when the next card starts with "Submitted by", and so is the last
	# card's on such a page
	for tool in pandoc-plain lynx w3m html2text elinks links2; do
		run --separate-stderr pp-split "$S/hf/dump-$tool-daily-2024-08-01.txt"
		run jq -c '[.n_comments]' <<<"$output"
		assert_output "$(pp-split "$S/html/hf-daily-html-2024-08-01.html" | jq -c '[.n_comments]')"
	done
}

@test "html2text(1) without -utf8: the page's UTF-8 it wrote byte by byte as Latin-1 (\"Â·\") is put back, and a Hugging Face daily page gives every card, as with -utf8" {
	# Debian's html2text 1.3 by default: each byte of "·" (C2 B7) as a
	# character of its own, "Â·"; the cards' dots so read made four
	# headings into text and one dot into a title
	hf_daily_cards "$S/hf/dump-html2text-latin1-daily-2024-08-01.txt"
	diff <(jq -c 'del(.source)' <<<"$records") \
	    <(pp-split "$S/hf/dump-html2text-daily-2024-08-01.txt" | jq -c 'del(.source)')
}

# dumps_read_as_html NAME HTML JQ: pandoc -t plain's, lynx's, w3m's,
# html2text(1)'s and elinks's dumps of an arXiv page
# (tests/data/pp-split/arxiv/dump-TOOL-NAME.txt) give its HTML's records,
# compared through the jq filter JQ.
dumps_read_as_html() {
	local tool
	for tool in pandoc-plain lynx w3m html2text elinks; do
		run --separate-stderr pp-split "$S/arxiv/dump-$tool-$1.txt"
		assert_success
		[ -z "$stderr" ]
		diff <(jq -c "$3" <<<"$output") \
		    <(pp-split "$S/html/$2" | jq -c "$3")
	done
}

@test "html2text(1): arXiv's 2018 listing gives the HTML page's papers: names from links, abstracts right under Subjects, headings between entries" {
	# a link's spaces as underscores ("Assaf_Kfoury"), its character
	# references as written ("&#xc9;tienne_Andr&#xe9;"), headings between
	# stars ("**** Cross-lists for Fri, 20 Jul 18 ****"), the abstract
	# indented as the labels are, right under "Subjects:"
	local keys='{title, authors, n_authors, id, categories, replaced,
	    abstract: has("abstract")}'
	run --separate-stderr pp-split "$S/arxiv/dump-html2text-list-new-cs-2018.txt"
	assert_success
	[ -z "$stderr" ]
	records=$output
	diff <(jq -c "$keys" <<<"$records") \
	    <(pp-split "$S/html/arxiv-list-new-html-cs-2018.html" | jq -c "$keys")
	run jq -c 'select(.id == "1807.07091") | [.authors[0], .categories,
	    (.abstract | .[0:31])]' <<<"$records"
	assert_output '["Étienne André",["cs.LO"],"Parametric timed automata (PTA)"]'
	# the last abstract before a heading ends at the heading
	run jq -r 'select(.id == "1807.07126") | .abstract | .[-30:]' <<<"$records"
	assert_output 'approaches for QoE prediction.'
}

@test "html2text(1): a heading wrapped over three lines is put back whole" {
	# (an /abs/ page whose <h1> was made long enough to wrap so)
	run --separate-stderr pp-split "$S/arxiv/dump-html2text-abs-long-title.txt"
	assert_success
	[ -z "$stderr" ]
	run jq -c '[.title, .id]' <<<"$output"
	assert_output '["Turbulent dynamos in a stratified layer with a very long title that wraps over many lines of the dump because html2text wraps headings at the width of the page","2306.05432"]'
}

@test "html2text(1): an underscore in TeX math stays, also in math wrapped over lines; one between a link's words is a space" {
	run --separate-stderr pp-split "$S/arxiv/dump-html2text-tex.txt"
	assert_success
	[ -z "$stderr" ]
	diff <(jq -c 'del(.source, .url)' <<<"$output") \
	    <(pp-split "$S/html/arxiv-list-tex-names.html" | jq -c 'del(.source, .url)')
	run jq -r '.title' <<<"$output"
	assert_output 'Sparse recovery with $\ell_1$ penalties'
}

@test "text dumps: arXiv's 2024 listing, authors without a label, as pandoc -t plain, lynx, w3m and elinks -dump and html2text(1) write it gives the HTML page's papers" {
	# the authors are a block of their own under the title: after a blank
	# line (lynx, pandoc), or on the next line (w3m), where a wrapped
	# title's line would not fit; lynx's link number before "arXiv:"
	dumps_read_as_html pastweek-2024 arxiv-list-pastweek-2024.html \
	    '{title, authors, id, categories, comments, venue, replaced, abstract}'
	# "arXiv:ID (replaced)": marked as the HTML reader marks it
	run --separate-stderr pp-split "$S/arxiv/dump-lynx-pastweek-2024.txt"
	run jq -c '[.id, .replaced]' <<<"$output"
	assert_output '["2408.17434",null]
["2408.17001",null]
["astro-ph/0612345",true]'
}

@test "text dumps: arXiv search results as pandoc -t plain, lynx, w3m and elinks -dump and html2text(1) write them give the HTML page's papers" {
	# "1. arXiv:ID", categories, "doi ...", the title without a label,
	# the abstract cut short then "▽ More" and whole, the first version's
	# date from "Submitted 2 October, 2023; v1 submitted 8 June, 2023"
	dumps_read_as_html search-revised arxiv-search-revised.html 'del(.source, .url)'
}

@test "text dumps: an arXiv /abs/ page as pandoc -t plain, lynx, w3m and elinks -dump and html2text(1) write it gives the HTML page's paper" {
	# no id line: "[Submitted on ...]" starts the paper, "Cite as:" gives
	# the id; "View a PDF of the paper titled ..." is no author; pandoc's
	# table rules and its no-break space in "Journal reference:"
	# (w3m's and pandoc's dumps keep the submitter, "From:", as the
	# browser's copy does; the HTML reader does not read it)
	dumps_read_as_html abs-2306.05432 arxiv-abs-2306.05432.html \
	    'del(.source, .url, .from)'
}

@test "arxiv: a wrapped title's line that looks like names is the title's when the Authors label follows" {
	printf '%s\n' 'arXiv:2303.09999' \
	    'Title: Main Concepts and Principles of Political Economy -- Production and' \
	    '  Values, Distribution and Prices, Reproduction and Profits' \
	    'Authors: Christian Flamant' 'Categories: q-fin.GN' '\\' \
	    '  An abstract.' '\\' > "$BATS_TEST_TMPDIR/m.txt"
	run --separate-stderr pp-split --format arxiv "$BATS_TEST_TMPDIR/m.txt"
	assert_success
	run jq -c '[.title, .authors]' <<<"$output"
	assert_output '["Main Concepts and Principles of Political Economy -- Production and Values, Distribution and Prices, Reproduction and Profits",["Christian Flamant"]]'
}

@test "html2text: pages as Python's html2text writes them in Markdown give every paper and its id, a word wrapped at its hyphen whole" {
	# it wraps link targets (images not parsed), lists the dot with its
	# author count ("- · 533 authors"), leaves "](/papers/ID)  5", and
	# breaks words after their hyphens ("Fine-" then "Tuning")
	hf_daily_cards "$S/markdown/html2text-hf-daily-2024-08-01.md"
	run jq -c 'select(.title == "The Llama 3 Herd of Models") | [.upvotes, .n_authors, .id, .n_comments]' <<<"$records"
	assert_output '[94,533,"2407.21783",5]'
	# a long title's heading wrapped at 78 columns cuts its link in two
	# ("### [Tora: ... for Video" then "Generation](/papers/2407.21705)"):
	# every card keeps its id
	diff <(jq -c '[.title, .id]' <<<"$records") \
	    <(pp-split "$S/html/hf-daily-html-2024-08-01.html" | jq -c '[.title, .id]')
	run --separate-stderr pp-split "$S/markdown/html2text-arxiv-list-new-cs-2018.md"
	assert_success
	diff <(jq -r .title <<<"$output") "$S/arxiv-list-new-cs-2018.titles"
	# a link's target wrapped inside its word ("query=Cornell-" then
	# "Farrow%2C+S)") is still a link: its text is the name, no brackets
	run jq -c 'select(.id == "1807.07215" or .id == "1711.11098") | .authors' <<<"$output"
	assert_output '["Sarah Cornell-Farrow","Robert Garrard"]
["Sinan G. Aksoy","Emilie Purvine","Eduardo Cotilla-Sanchez","Mahantesh Halappanavar"]'
	# search results, numbered by a Markdown list; "doi 10... __"
	run --separate-stderr pp-split "$S/markdown/html2text-arxiv-search-revised.md"
	assert_success
	[ -z "$stderr" ]
	run jq -c '[.id, .date, .doi, .title]' <<<"$output"
	assert_output '["2306.05432","2023-06-08","10.3847/1538-4357/ace04b","Turbulent dynamos in a stratified layer"]
["astro-ph/0701001","2006-12-31",null,"Small-scale dynamo action in the early universe"]
["2401.00007","2024-02-29",null,"Magnetic fields: a review"]'
}

@test "an old arXiv id's subject class is no part of it: math.GT/0309136 is math/0309136 from every reader, as in arXiv's metadata" {
	printf '{"id": "math.GT/0309136v2", "title": "A"}\n' > "$BATS_TEST_TMPDIR/a.json"
	printf '@article{a, title={A}, eprint={math.GT/0309136}, archivePrefix={arXiv}}\n' > "$BATS_TEST_TMPDIR/a.bib"
	printf '%s\n' 'arXiv:math.GT/0309136' 'Title: A' 'Authors: B. C' \
	    'Categories: math.GT' '\\' '  An abstract.' '\\' > "$BATS_TEST_TMPDIR/a.txt"
	printf '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/math.GT/0309136v1</id><title>A</title></entry></feed>\n' > "$BATS_TEST_TMPDIR/a.xml"
	for f in a.json a.bib a.txt a.xml; do
		run --separate-stderr pp-split "$BATS_TEST_TMPDIR/$f"
		assert_success
		run jq -r .id <<<"$output"
		assert_output "math/0309136"
	done
}

@test "text dumps, found in review: hanging hyphens, URLs past the wrap, titles ending mid-phrase, notes under ids, a DOI alone, copied brackets" {
	R=$S/arxiv/review
	# "pre-" then "and post-training": a hanging hyphen keeps its space
	run --separate-stderr pp-split "$R/r1.txt"
	run jq -r '.title, .abstract' <<<"$output"
	assert_line --index 0 "Data mixtures for language models across the stages of model pre- and post-training"
	assert_line --index 1 --partial "model pre- and post-training and find"
	# a URL wider than pandoc's wrap does not make a wrapped title's end an author
	run --separate-stderr pp-split "$R/r2.txt"
	run jq -c '[.title, .authors]' <<<"$output"
	assert_line --index 1 '["Large language models are zero-shot reasoners over structured knowledge graphs",["John Doe"]]'
	# a title line ending "over Text," goes on, however much its next line looks like names
	run --separate-stderr pp-split "$R/r3w.txt"
	run jq -c '[.title, .authors]' <<<"$output"
	assert_output '["OmniBench: A Benchmark for Multimodal Reasoning over Text, Audio, Images, Video, and Speech",["María Pérez","Wei Zhang"]]'
	# notes under "arXiv:ID" and "Title:" are no authors, nor titles under "1. arXiv:ID"
	run --separate-stderr pp-split "$R/n4.txt"
	run jq -c '.authors' <<<"$output"
	assert_output 'null
null'
	run --separate-stderr pp-split "$R/n3.txt"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"n3.txt:3: arXiv entry without a title skipped"* ]]
	run jq -r '.title' <<<"$output"
	assert_output "Attention Is All You Need"
	# html2text(1): "doi" on a line of its own, the DOI on the next
	run --separate-stderr pp-split "$R/r5.txt"
	run jq -c '[.title, .doi]' <<<"$output"
	assert_output '["Turbulent dynamos in a stratified layer","10.3847/1538-4357/ace04b"]'
	# "[", "pdf", ",", "other", "]" each on a line: no categories, no search result
	run --separate-stderr pp-split "$R/w2.txt"
	run jq -r '.title' <<<"$output"
	assert_line --index 0 "A Bayesian derivation of the square root law of market impact"
}

@test "json: an id that names no arXiv paper (a slug, a Zotero URI) is kept as id_raw and said; arXiv's ids, URLs and versions give the id" {
	run --separate-stderr pp-split --format json <<'EOF'
{"id": "attention-is-all-you-need", "title": "A"}
{"id": "http://zotero.org/users/1/items/ABCD", "title": "B"}
{"id": "2303.08867v2", "title": "C"}
{"id": "arXiv:astro-ph/0701001", "title": "D"}
{"id": "https://arxiv.org/abs/2401.01236v2", "title": "E"}
{"id": "", "title": "F"}
EOF
	assert_success
	run jq -c '[.title, .id, .id_raw]' <<<"$output"
	assert_output '["A",null,"attention-is-all-you-need"]
["B",null,"http://zotero.org/users/1/items/ABCD"]
["C","2303.08867",null]
["D","astro-ph/0701001",null]
["E","2401.01236",null]
["F",null,null]'
	[ "$stderr" = 'pp-split: -:1: "id" is not an arXiv identifier: kept as "id_raw"' ]
}

@test "Markdown saved by Turndown (MarkDownload): arXiv search results and an /abs/ page give the HTML page's papers" {
	# "[arXiv:ID](URL)" is the id, not a title link; a no-break space
	# after the id; "Cite as:" and "Related DOI:" above their values
	local page
	for page in search-revised search-dynamo abs-2306.05432; do
		run --separate-stderr pp-split "$S/arxiv/turndown-$page.md"
		assert_success
		[ -z "$stderr" ]
		diff <(jq -c 'del(.source, .url, .from)' <<<"$output") \
		    <(pp-split "$S/html/arxiv-$page.html" |
		    jq -c 'del(.source, .url, .from)')
	done
}

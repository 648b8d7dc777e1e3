# split-hf-daily.awk: the awk a user would write instead of pp-split for a
# Hugging Face Daily Papers page: paragraph mode, the two paragraphs before
# each "• N authors" block are the title and the abstract.  It knows one
# clean layout only (no markdown, no records without metadata, no repair of
# bad UTF-8): the bench's peer for "split a raw page", not a second pp-split.
BEGIN {
	RS = ""
	FS = "\n"
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", m, " ")
	for (i = 1; i <= 12; i++)
		mon[m[i]] = sprintf("%02d", i)
}

function esc(s) {
	# "&&" is the one way to double a backslash that mawk and gawk agree on.
	gsub(/\\/, "&&", s)
	gsub(/"/, "\\\"", s)
	gsub(/\t/, "\\t", s)
	gsub(/\n/, " ", s)
	return s
}

$1 ~ /^ *• [0-9]+ authors$/ {
	n = $1
	sub(/^ *• /, "", n)
	sub(/ .*/, "", n)
	# "Dec 8, 2024 3": month, day, year, optional upvote count.
	split($3, d, /[ ,]+/)
	printf "{\"title\":\"%s\",\"abstract\":\"%s\",\"n_authors\":%d,\"date\":\"%s-%s-%02d\",\"upvotes\":%d}\n",
	    esc(prev2), esc(prev1), n, d[3], mon[d[1]], d[2], d[4] + 0
	prev1 = prev2 = ""
	next
}

{
	prev2 = prev1
	prev1 = $0
}

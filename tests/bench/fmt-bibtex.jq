# What a jq user writes for pp-fmt -o bibtex (tests/bench/fmt-vs-jq): the
# entry of the first author, year, title, eprint and url, TeX specials
# escaped; less than pp-fmt does (no unique keys, capitals, month, class).
def tex: gsub("(?<c>[#$%&_{}])"; "\\\(.c)");
def last_name: split(" ") | last;
"@misc{" + (((.authors // [])[0] // "anon") | last_name | ascii_downcase | gsub("[^a-z0-9]"; ""))
  + ((.date // "")[0:4])
  + ((.title // "") | split(" ")[0] | ascii_downcase | gsub("[^a-z0-9]"; "")) + ",\n"
  + (if (.authors // []) | length > 0 then "  author = {" + ((.authors) | map(split(" ") | (last + ", " + (.[:-1] | join(" ")))) | join(" and ") | tex) + "},\n" else "" end)
  + "  title = {" + ((.title // "(no title)") | tex) + "},\n"
  + (if .date then "  year = {" + .date[0:4] + "},\n" else "" end)
  + (if .id then "  eprint = {" + .id + "},\n  archivePrefix = {arXiv},\n" else "" end)
  + (if .url then "  url = {" + .url + "},\n" else "" end)
  + "}\n"

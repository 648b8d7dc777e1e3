# What a jq user writes for pp-fmt -o html (tests/bench/fmt-vs-jq): one
# list item per record, escaped with @html; no page around it, no link check.
"<li>\n<h2><a href=\"" + (.url // "" | @html) + "\">" + (.title // "(no title)" | @html) + "</a></h2>\n<p class=\"meta\">"
  + ([((.authors // [])[:3] | join(", ")), .date, (if .upvotes then "\(.upvotes) upvotes" else null end)] | map(select(. != null and . != "")) | join(" · ") | @html)
  + "</p>\n<details><summary>Abstract</summary>\n<p>" + (.abstract // "" | @html) + "</p>\n</details>\n</li>"

"""The commented example config: every setting with its default, for new users and the README."""

DEFAULT_CONFIG_TEXT = """\
# news-reader configuration. Every setting is commented out and shows its default:
# remove the "# " in front of one to change it. Problems are reported when the reader starts.

# The colour theme: any Textual theme, like textual-dark, textual-light, nord, gruvbox, tokyo-night.
# Picking a theme in the command palette saves it here.
# theme = "textual-dark"

# Mark a story read when it is shown (false: only by hand); mark_read_after below says when.
# mark_read_on_show = true

# Show each thread (stories that list each other as related) as one row: its newest story.
# collapse_threads = false

# Seconds a story stays shown before it counts as read: 0 marks it at once, false only by hand.
# mark_read_after = 2

# List only the articles not read yet (U toggles it).
# only_unread = false

# The topics sidebar: "auto" hides it in narrow terminals, "show" or "hide" always.
# sidebar = "auto"

# The time zone dates are shown in, an IANA name; without it, TZ or the system's zone.
# timezone = "Europe/Berlin"

# Folders of records to read when `reader` is started without a PATH. ~ is your home folder.
# folders = ["~/news"]

# Keys by binding id, as listed in the help screen (?). Several keys are separated by commas.
# Ids with a dot can be written plainly (list.down) or in quotes ("list.down").
# [keys]
# open_link = "o,enter"
# back = "backspace,b"
# list.down = "j,down,n"

# Saved queries by name, listed in the sidebar under the topics with their counts.
# The query language is in the README.
# [queries]
# unread = "is:unread"
# local_news = "topic:local since:2024-01-01"
# hot = "heat>60 -is:read"
# starred = "is:starred"
"""

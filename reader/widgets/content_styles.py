"""The styles that text built as `Content` is drawn in, in one place.

Textual's `$text` and `$text-muted` are "auto" colours, worked out against a widget's background
in CSS; inside a `Content` there is no background to work against and both come out white. The
foreground variables are plain colours, so Content uses those.
"""

MUTED = "$foreground-muted"
EMPHASIS = "bold $foreground"
SECTION = "bold $accent"

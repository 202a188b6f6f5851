"""Feeds (RSS, Atom, JSON Feed, OPML) turned into records of the seed format; no terminal code here."""

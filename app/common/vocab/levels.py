"""Level words that professional training and political theory share (sơ cấp, trung cấp, cao cấp …).

Both vocabularies take them from here, so "TC", "T.C", "Trung cấp" are understood in either column
(issue 11: no field understands a form its sibling understands but it does not).
"""

ELEMENTARY, INTERMEDIATE, ADVANCED = "elementary", "intermediate", "advanced"

SHARED = {
    ELEMENTARY: ("Sơ cấp", "SC", "S/C", "Sơ cấp nghề", "Sơ cấp chính trị"),
    INTERMEDIATE: ("Trung cấp", "TC", "T/C", "Trung cấp chính trị", "TCCT", "TC chính trị", "TCLLCT"),
}
# prefixes both understand: "Sơ cấp …", "TC …", "Trung cấp …"
SHARED_PREFIXES = {
    ELEMENTARY: ("Sơ cấp", "SC"),
    INTERMEDIATE: ("Trung cấp", "TC"),
}

# A day and month as a fixture list writes it: "10 ene". Spanish writes months in lower
# case; Django's "M" capitalises them ("10 Ene"), "b" does not.
MONTH_DAY_FORMAT = "j b"

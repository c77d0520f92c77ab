# A day and month as a fixture list writes it: "10 Jan".
MONTH_DAY_FORMAT = "j M"

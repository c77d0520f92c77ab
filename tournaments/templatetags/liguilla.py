"""Template filters of the admin's Django templates (the public pages are Jinja2:
liguilla/jinja2.py holds their filters). Words only, from tournaments.display."""

from django import template

from tournaments import display

register = template.Library()

register.filter("score", display.score)

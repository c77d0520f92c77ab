from django.urls import include, path

from . import feeds, views, views_share

app_name = "tournaments"

tournament_patterns = [
    path("", views.TournamentView.as_view(), name="tournament"),
    path("bracket/", views.BracketView.as_view(), name="bracket"),
    path("results/", views.ResultsView.as_view(), name="results"),
    path("regular-season/", views.RegularSeasonView.as_view(), name="regular_season"),
    path(
        "round-<int:round>/tie-<int:tie>/leg-<int:leg>/",
        views.LegView.as_view(),
        name="leg",
    ),
    path(
        "round-<int:round>/tie-<int:tie>/leg-<int:leg>/share.png",
        views_share.MatchShareImageView.as_view(),
        name="leg_share_image",
    ),
    path("share.png", views_share.BracketShareImageView.as_view(), name="share_image"),
    path("embed/", views_share.EmbedBracketView.as_view(), name="bracket_embed"),
    path("scorers/", views.TournamentScorersView.as_view(), name="tournament_scorers"),
    path("season.json", views.TournamentJsonView.as_view(), name="tournament_json"),
    path(
        "calendar.ics",
        views_share.TournamentCalendarView.as_view(),
        name="tournament_calendar",
    ),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("share.png", views_share.SiteShareImageView.as_view(), name="site_share_image"),
    path("decided-by/", views.DecidedByView.as_view(), name="decided_by_all"),
    path("teams/", views.TeamsView.as_view(), name="teams"),
    path("teams/<slug:team>/", views.TeamView.as_view(), name="team"),
    path(
        "teams/<slug:team>/vs/<slug:other>/",
        views.HeadToHeadView.as_view(),
        name="head_to_head",
    ),
    path(
        "teams/<slug:team>/calendar.ics",
        views_share.TeamCalendarView.as_view(),
        name="team_calendar",
    ),
    path(
        "teams/<slug:team>/results.atom",
        views_share.FeedView.as_view(feed=feeds.TeamResultsFeed),
        name="team_feed",
    ),
    path("players/<slug:player>/", views.PlayerView.as_view(), name="player"),
    path("<slug:competition>/", views.CompetitionView.as_view(), name="competition"),
    path(
        "<slug:competition>/results.atom",
        views_share.FeedView.as_view(feed=feeds.CompetitionResultsFeed),
        name="competition_feed",
    ),
    path(
        "<slug:competition>/champions/",
        views.ChampionsView.as_view(),
        name="champions",
    ),
    path(
        "<slug:competition>/scorers/",
        views.CompetitionScorersView.as_view(),
        name="competition_scorers",
    ),
    path(
        "<slug:competition>/decided-by/",
        views.DecidedByView.as_view(),
        name="decided_by",
    ),
    path("<slug:competition>/<slug:season>/", views.SeasonView.as_view(), name="season"),
    path(
        "<slug:competition>/<slug:season>/scorers/",
        views.SeasonScorersView.as_view(),
        name="season_scorers",
    ),
    path("<slug:competition>/<slug:season>/<slug:tournament>/", include(tournament_patterns)),
]

// Match-night form: picking a scorer (or a booked player) fills in the team. The player
// list is grouped by squad, so the chosen option's group names the team; for an own goal
// the team credited is the other one.
"use strict";
document.addEventListener("change", function (event) {
  const match = /^(goals|bookings)-(\d+)-(player|own_goal)$/.exec(event.target.name || "");
  if (!match) {
    return;
  }
  const row = match[1] + "-" + match[2];
  const player = document.querySelector("select[name='" + row + "-player']");
  const team = document.querySelector("select[name='" + row + "-team']");
  const ownGoal = document.querySelector("input[name='" + row + "-own_goal']");
  if (!player || !team || player.selectedIndex < 0) {
    return;
  }
  const group = player.options[player.selectedIndex].parentElement;
  if (!group || group.tagName !== "OPTGROUP") {
    return;
  }
  const squad = group.label;
  for (const option of team.options) {
    const isSquad = option.text === squad;
    if (option.value && (ownGoal && ownGoal.checked ? !isSquad : isSquad)) {
      team.value = option.value;
      break;
    }
  }
});

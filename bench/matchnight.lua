-- wrk: each request to a random one of the pages listed in the file PAGES names
-- (bench/matchnight.sh: the public pages within two clicks of the home page).
local paths = {}

function init(args)
  for line in io.lines(os.getenv("PAGES")) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

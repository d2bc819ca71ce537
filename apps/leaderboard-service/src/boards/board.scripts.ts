/**
 * Lua scripts of the board store. Each runs atomically, so a board never shows half an event, and
 * each computes the new score from the old one inside Redis. The member format and the tie prefix
 * are explained in tie-encoding.ts; `%013.0f` keeps integers exact up to 2^53 (Lua's default number
 * formatting would round beyond 14 digits).
 */
const HELPERS = `
local function prefix(at) return string.format('%013.0f', 9999999999999 - at) .. ':' end
local function reachedAt(member) return 9999999999999 - tonumber(string.sub(member, 1, 13)) end
local function num(n) return string.format('%.0f', n) end
local function bump(zkey, mkey, hkey, id, delta, at, hidden)
  if hidden then
    local old = redis.call('HGET', hkey, id)
    local points = 0
    if old then
      local sep = string.find(old, '|', 1, true)
      points = tonumber(string.sub(old, 1, sep - 1))
      at = math.max(at, reachedAt(string.sub(old, sep + 1)))
    end
    redis.call('HSET', hkey, id, num(points + delta) .. '|' .. prefix(at) .. id)
    return
  end
  local old = redis.call('HGET', mkey, id)
  local points = 0
  if old then
    points = tonumber(redis.call('ZSCORE', zkey, old)) or 0
    at = math.max(at, reachedAt(old))
    redis.call('ZREM', zkey, old)
  end
  local member = prefix(at) .. id
  redis.call('ZADD', zkey, num(points + delta), member)
  redis.call('HSET', mkey, id, member)
end
`;

/**
 * One points event onto every board it touches, in the current generation and, while a rebuild
 * runs, in the new one too. A replay from the ledger export (empty envelope id) writes only the
 * generation being rebuilt. The envelope id is checked against the seen sets of the idempotency
 * window and marked in today's set in the same script. The new generation additionally dedupes by
 * ledger entry id, because the rebuild may replay the same entry from the export.
 *
 * KEYS: gen, rebuilding, hidden, seen[1..nSeen] (today first), then per generation:
 *       registry, entries, and per board: zset, member index, hidden shadow
 * ARGV: envelopeId, entryId, employeeId, teamId, delta, expectedGen, expectedRebuild, nSeen,
 *       nBoards, seenTtlSeconds, occurredAt (epoch ms), then per board: kind ('e'|'t'), expireAt (0 = never)
 * Returns 1 applied, 0 duplicate, -1 generation moved (the caller re-reads it and retries).
 */
export const APPLY_POINTS = `${HELPERS}
local gen = redis.call('GET', KEYS[1]) or '1'
local rebuilding = redis.call('GET', KEYS[2]) or ''
local replay = ARGV[1] == ''
local nSeen = tonumber(ARGV[8])
if replay then
  if rebuilding ~= ARGV[7] then return -1 end
else
  if gen ~= ARGV[6] or rebuilding ~= ARGV[7] then return -1 end
  for i = 1, nSeen do
    if redis.call('SISMEMBER', KEYS[3 + i], ARGV[1]) == 1 then return 0 end
  end
  redis.call('SADD', KEYS[4], ARGV[1])
  redis.call('EXPIRE', KEYS[4], ARGV[10])
end
local delta = tonumber(ARGV[5])
local hidden = redis.call('SISMEMBER', KEYS[3], ARGV[3]) == 1
local nBoards = tonumber(ARGV[9])
local nGens = 1
if not replay and rebuilding ~= '' then nGens = 2 end
local base = 3 + nSeen
local at = tonumber(ARGV[11])
for g = 1, nGens do
  local k = base + (g - 1) * (2 + 3 * nBoards)
  local apply = true
  if g == 2 or replay then
    apply = redis.call('SADD', KEYS[k + 2], ARGV[2]) == 1
  else
    apply = redis.call('SISMEMBER', KEYS[k + 2], ARGV[2]) == 0
  end
  if apply then
    for b = 1, nBoards do
      local z = KEYS[k + 2 + (b - 1) * 3 + 1]
      local m = KEYS[k + 2 + (b - 1) * 3 + 2]
      local h = KEYS[k + 2 + (b - 1) * 3 + 3]
      local kind = ARGV[11 + (b - 1) * 2 + 1]
      local expireAt = tonumber(ARGV[11 + (b - 1) * 2 + 2])
      local id = ARGV[3]
      if kind == 't' then id = ARGV[4] end
      bump(z, m, h, id, delta, at, hidden and kind == 'e')
      redis.call('SADD', KEYS[k + 1], z)
      if expireAt > 0 then
        redis.call('EXPIREAT', z, expireAt)
        redis.call('EXPIREAT', m, expireAt)
        redis.call('EXPIREAT', h, expireAt)
      end
    end
  end
end
return 1
`;

/**
 * A batch of live points events of one tenant in one script: the same effect as APPLY_POINTS run
 * for each event in order, with fewer writes. Each envelope id is checked against the seen sets and
 * marked in today's set as it is read (a repeat within the batch is a duplicate too); the deltas of
 * one member on one board are summed and the member written once, its tie prefix the latest
 * `occurredAt` (as sequential bumps would leave it); each board's registry entry and expiry are set
 * once. While a rebuild runs, the new generation also gets every fresh event whose ledger entry it
 * has not seen.
 *
 * KEYS: gen, rebuilding, hidden, seen[1..nSeen] (today first), then per generation:
 *       registry, entries, and per board: zset, member index, hidden shadow
 * ARGV: expectedGen, expectedRebuild, nSeen, nBoards, seenTtlSeconds, nEvents,
 *       then per board: kind ('e'|'t'), expireAt (0 = never),
 *       then per event: envelopeId, entryId, employeeId, teamId, delta, occurredAt (epoch ms),
 *       nEventBoards, board positions (1-based)
 * Returns one flag per event (1 applied, 0 duplicate), or -1 when the generation moved.
 */
export const APPLY_POINTS_BATCH = `${HELPERS}
local gen = redis.call('GET', KEYS[1]) or '1'
local rebuilding = redis.call('GET', KEYS[2]) or ''
if gen ~= ARGV[1] or rebuilding ~= ARGV[2] then return -1 end
local nSeen = tonumber(ARGV[3])
local nBoards = tonumber(ARGV[4])
local nEvents = tonumber(ARGV[6])
local nGens = 1
if rebuilding ~= '' then nGens = 2 end
local base = 3 + nSeen
local stride = 2 + 3 * nBoards
local sums, ids, slots = {}, {}, {}
local results = {}
local fresh = 0
local a = 7 + 2 * nBoards
for e = 1, nEvents do
  local envelopeId = ARGV[a]
  local nb = tonumber(ARGV[a + 6])
  local duplicate = false
  for i = 1, nSeen do
    if redis.call('SISMEMBER', KEYS[3 + i], envelopeId) == 1 then duplicate = true break end
  end
  if duplicate then
    results[e] = 0
  else
    results[e] = 1
    fresh = fresh + 1
    redis.call('SADD', KEYS[4], envelopeId)
    local delta = tonumber(ARGV[a + 4])
    local at = tonumber(ARGV[a + 5])
    for g = 1, nGens do
      local apply = true
      if g == 2 then
        apply = redis.call('SADD', KEYS[base + stride + 2], ARGV[a + 1]) == 1
      else
        apply = redis.call('SISMEMBER', KEYS[base + 2], ARGV[a + 1]) == 0
      end
      if apply then
        for j = 1, nb do
          local b = tonumber(ARGV[a + 6 + j])
          local id = ARGV[a + 2]
          if ARGV[5 + 2 * b] == 't' then id = ARGV[a + 3] end
          local slot = (g - 1) * nBoards + b
          local perBoard = sums[slot]
          if not perBoard then
            perBoard = {}
            sums[slot] = perBoard
            ids[slot] = {}
            slots[#slots + 1] = slot
          end
          local sum = perBoard[id]
          if sum then
            sum[1] = sum[1] + delta
            if at > sum[2] then sum[2] = at end
          else
            perBoard[id] = {delta, at}
            ids[slot][#ids[slot] + 1] = id
          end
        end
      end
    end
  end
  a = a + 7 + nb
end
if fresh > 0 then redis.call('EXPIRE', KEYS[4], ARGV[5]) end
local hiddenOf = {}
for _, slot in ipairs(slots) do
  local g = math.floor((slot - 1) / nBoards) + 1
  local b = slot - (g - 1) * nBoards
  local k = base + (g - 1) * stride
  local z = KEYS[k + 2 + (b - 1) * 3 + 1]
  local m = KEYS[k + 2 + (b - 1) * 3 + 2]
  local h = KEYS[k + 2 + (b - 1) * 3 + 3]
  local employees = ARGV[5 + 2 * b] == 'e'
  local expireAt = tonumber(ARGV[6 + 2 * b])
  for _, id in ipairs(ids[slot]) do
    local hidden = false
    if employees then
      hidden = hiddenOf[id]
      if hidden == nil then
        hidden = redis.call('SISMEMBER', KEYS[3], id) == 1
        hiddenOf[id] = hidden
      end
    end
    local sum = sums[slot][id]
    bump(z, m, h, id, sum[1], sum[2], hidden)
  end
  redis.call('SADD', KEYS[k + 1], z)
  if expireAt > 0 then
    redis.call('EXPIREAT', z, expireAt)
    redis.call('EXPIREAT', m, expireAt)
    redis.call('EXPIREAT', h, expireAt)
  end
end
return results
`;

/**
 * Shared by RANK_OF and RANKS_OF: a ranked member's points, the points of the one just above ('' at
 * the top), how many have more points and how many have the same (the member included).
 */
const STANDING_OF = `
local function standingOf(zset, member, rank)
  local points = redis.call('ZSCORE', zset, member)
  local above = ''
  if rank > 0 then above = redis.call('ZRANGE', zset, rank - 1, rank - 1, 'REV', 'WITHSCORES')[2] end
  return points, above, redis.call('ZCOUNT', zset, '(' .. points, '+inf'), redis.call('ZCOUNT', zset, points, points)
end
`;

/**
 * Rank of one member: {rank0, points, total, pointsOfTheOneAbove|'', ahead, level} or nil when
 * absent; `ahead` counts members with more points, `level` those with the same (the member included).
 * KEYS: zset, member index. ARGV: id.
 */
export const RANK_OF = `${STANDING_OF}
local member = redis.call('HGET', KEYS[2], ARGV[1])
if not member then return nil end
local rank = redis.call('ZREVRANK', KEYS[1], member)
if not rank then return nil end
local points, above, ahead, level = standingOf(KEYS[1], member, rank)
return {rank, points, redis.call('ZCARD', KEYS[1]), above, ahead, level}
`;

/**
 * Shared by the read scripts: appends each member of `rows` (member, score, …) to `out` as
 * id, score, display name, team — the names from the tenant's profile hash unless `teams`.
 */
const ROWS_WITH_PROFILES = `
local function appendRows(out, rows, profiles, teams)
  for i = 1, #rows, 2 do
    local id = string.sub(rows[i], 15)
    out[#out + 1] = id
    out[#out + 1] = rows[i + 1]
    if teams then
      out[#out + 1] = false
      out[#out + 1] = false
    else
      out[#out + 1] = redis.call('HGET', profiles, 'n:' .. id)
      out[#out + 1] = redis.call('HGET', profiles, 't:' .. id)
    end
  end
end
`;

/**
 * A page of a board in one round trip: {total, id, score, name, team, …}.
 * KEYS: zset, profiles. ARGV: offset, limit, '1' for a board of teams (no profiles).
 */
export const TOP = `${ROWS_WITH_PROFILES}
local offset = tonumber(ARGV[1])
local rows = redis.call('ZRANGE', KEYS[1], offset, offset + tonumber(ARGV[2]) - 1, 'REV', 'WITHSCORES')
local out = {redis.call('ZCARD', KEYS[1])}
appendRows(out, rows, KEYS[2], ARGV[3] == '1')
return out
`;

/**
 * The window around one member: {rank0, total, start0, id, score, name, team, …} or nil.
 * KEYS: zset, member index, profiles. ARGV: id, radius, '1' for a board of teams.
 */
export const AROUND = `${ROWS_WITH_PROFILES}
local member = redis.call('HGET', KEYS[2], ARGV[1])
if not member then return nil end
local rank = redis.call('ZREVRANK', KEYS[1], member)
if not rank then return nil end
local radius = tonumber(ARGV[2])
local start = rank - radius
if start < 0 then start = 0 end
local rows = redis.call('ZRANGE', KEYS[1], start, rank + radius, 'REV', 'WITHSCORES')
local out = {rank, redis.call('ZCARD', KEYS[1]), start}
appendRows(out, rows, KEYS[3], ARGV[3] == '1')
return out
`;

/**
 * Ranks of many members of one board (the live streams' viewers, once per update tick):
 * {total, then per id: rank0 or -1, points, points of the one above or '', ahead, level} (as RANK_OF).
 * KEYS: zset, member index. ARGV: ids.
 */
export const RANKS_OF = `${STANDING_OF}
local out = {redis.call('ZCARD', KEYS[1])}
for i = 1, #ARGV do
  local member = redis.call('HGET', KEYS[2], ARGV[i])
  local rank = false
  if member then rank = redis.call('ZREVRANK', KEYS[1], member) end
  if not rank then
    for _, absent in ipairs({-1, '', '', 0, 0}) do out[#out + 1] = absent end
  else
    local points, above, ahead, level = standingOf(KEYS[1], member, rank)
    for _, value in ipairs({rank, points, above, ahead, level}) do out[#out + 1] = value end
  end
end
return out
`;

/**
 * Hides (ARGV[2] = 'hide') or shows an employee on every employee board of a generation: the entry
 * moves between the sorted set and the hidden shadow hash, points and tie prefix intact. Team sums
 * keep the hidden member's points. Board keys come from the generation's registry; they share the
 * tenant's hash tag, so the script stays within one cluster slot.
 * KEYS: registry, hidden set. ARGV: employeeId, 'hide'|'show'.
 */
export const SET_HIDDEN = `
local id = ARGV[1]
if ARGV[2] == 'hide' then redis.call('SADD', KEYS[2], id) else redis.call('SREM', KEYS[2], id) end
local moved = 0
for _, z in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', z) == 0 and redis.call('EXISTS', z .. ':h') == 0 then
    redis.call('SREM', KEYS[1], z)
  elseif not string.find(z, '}:teams:', 1, true) then
    local m, h = z .. ':m', z .. ':h'
    if ARGV[2] == 'hide' then
      local member = redis.call('HGET', m, id)
      if member then
        local points = redis.call('ZSCORE', z, member)
        redis.call('ZREM', z, member)
        redis.call('HDEL', m, id)
        redis.call('HSET', h, id, string.format('%.0f', tonumber(points)) .. '|' .. member)
        local ttl = redis.call('PTTL', z)
        if ttl > 0 then redis.call('PEXPIRE', h, ttl) end
        moved = moved + 1
      end
    else
      local shadow = redis.call('HGET', h, id)
      if shadow then
        local sep = string.find(shadow, '|', 1, true)
        local member = string.sub(shadow, sep + 1)
        redis.call('ZADD', z, string.sub(shadow, 1, sep - 1), member)
        redis.call('HSET', m, id, member)
        redis.call('HDEL', h, id)
        local ttl = redis.call('PTTL', z)
        if ttl > 0 then redis.call('PEXPIRE', m, ttl) end
        moved = moved + 1
      end
    end
  end
end
return moved
`;

/**
 * Starts a rebuild: picks a generation above every one used so far and marks it as being built.
 * KEYS: gen, counter, rebuilding. Returns {current, next} or {current, -1} when one already runs.
 */
export const START_REBUILD = `
local current = tonumber(redis.call('GET', KEYS[1]) or '1')
if redis.call('EXISTS', KEYS[3]) == 1 then return {current, -1} end
local nextGen = redis.call('INCR', KEYS[2])
if nextGen <= current then
  nextGen = current + 1
  redis.call('SET', KEYS[2], nextGen)
end
redis.call('SET', KEYS[3], nextGen, 'EX', 3600)
return {current, nextGen}
`;

/**
 * Switches reads and writes to the rebuilt generation and lets the old one expire. The new
 * generation's entry ids stay for the idempotency window: a live event of an entry the export
 * already replayed may still be on its way (lag, a redelivery) and must not count again.
 * KEYS: gen, rebuilding, old registry, new entries. ARGV: new generation, grace seconds, window seconds.
 */
export const FINISH_REBUILD = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
redis.call('EXPIRE', KEYS[4], ARGV[3])
for _, z in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  redis.call('EXPIRE', z, ARGV[2])
  redis.call('EXPIRE', z .. ':m', ARGV[2])
  redis.call('EXPIRE', z .. ':h', ARGV[2])
end
redis.call('EXPIRE', KEYS[3], ARGV[2])
return 1
`;

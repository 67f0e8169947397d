-- 0023: the grant queue (兑现审批) at the size of a city: tens of thousands of pending grants
-- after a matching run, read a page at a time, oldest first, by state and optionally by policy
-- or by the department that issued the policy (src/domain/policy/grant.c, yw_grant_list).
-- (state, created_at, id) lets the queue of all policies walk its order without sorting the
-- whole state; (policy_code, state, created_at, id) does the same for one policy and replaces
-- grants_policy_state, of which it is an extension. The department's queue joins the policies
-- (a few hundred rows) and walks the first index.
CREATE INDEX grants_state_created ON grants(state, created_at, id);
CREATE INDEX grants_policy_state_created ON grants(policy_code, state, created_at, id);
DROP INDEX grants_policy_state;

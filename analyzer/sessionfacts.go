package analyzer

// SessionFacts are the facts of one file that the hardening report and
// the project phase of the database rules read. A script records its
// sign-outs, credential changes and RPC calls, a SQL migration its
// routines and triggers, and a supabase/config.toml its auth settings.
type SessionFacts struct {
	SignOuts          []SignOutSite
	CredentialChanges []CredentialChangeSite
	RPCs              []RPCSite

	Routines       []SQLRoutine
	RoutineChanges []SQLRoutineChange
	Triggers       []SQLTrigger

	Settings []AuthSetting
}

// SignOutSite is one auth.signOut call.
type SignOutSite struct {
	Line int
	// Func is the name of the unit function that makes the call, "" for
	// an anonymous one.
	Func string
	// Scope is "global", "local", "others", or "" when the argument
	// cannot be read.
	Scope string
	// RevokesAll is true when the call ends every session: a global
	// scope, and no clearing of the stored session before it.
	RevokesAll bool
	// RevokesOthers is true when the call ends at least the other
	// sessions, under the same condition.
	RevokesOthers bool
	// ClearedBefore is true when the stored session is cleared before the
	// call, which turns it into a local no-op.
	ClearedBefore bool
	// Eject marks the sign-out of a blocked or deleted user; SignsIn marks
	// a sign-out inside a sign-in handler. Neither is a logout the user
	// chose.
	Eject, SignsIn bool
}

// Credential change kinds.
const (
	CredentialPassword = "password"
	CredentialEmail    = "email"
	CredentialMFA      = "mfa"
)

// CredentialChangeSite is one password, email or MFA change.
type CredentialChangeSite struct {
	Line int
	Func string
	// Kind is CredentialPassword, CredentialEmail or CredentialMFA.
	Kind string
	// Call is the auth method, such as "updateUser" or "mfa.verify".
	Call string
	// RevokesOthers is true when a sign-out in the same function that
	// ends the other sessions follows the change on its success path.
	RevokesOthers bool
	// After lists the names of the plain calls that follow the change on
	// its success path; one of them may be another file's revoking
	// sign-out.
	After []string
}

// RPCSite is one call of a database function through the client, as in
// supabase.rpc('revoke_my_sessions'), with a constant function name.
type RPCSite struct {
	Line int
	Func string
	Name string
	// Handler is true when a UI event handler of the file runs Func.
	Handler bool
}

// SQLRoutine is one CREATE FUNCTION or CREATE PROCEDURE statement of a
// migration. Names are folded as Postgres folds them: unquoted names to
// lower case, and an unqualified name to the schema "public".
type SQLRoutine struct {
	Schema, Name string
	Line         int
	// Start and End are the byte offsets of the routine name.
	Start, End int
	// Definer is true for SECURITY DEFINER.
	Definer bool
	// SearchPath is true when the statement sets search_path.
	SearchPath bool
	// DefinerEnd is the byte offset just after the SECURITY DEFINER
	// keywords, or -1.
	DefinerEnd int
	// QualifiedBody is true when every table the body names has its
	// schema, so a fixed empty search_path cannot break it.
	QualifiedBody bool
	// ReturnsTrigger is true for trigger functions.
	ReturnsTrigger bool
	// SessionTables lists the session tables the body names:
	// "auth.sessions", "auth.refresh_tokens".
	SessionTables []string
	// DeletesSessions is true when the body deletes from a session table.
	DeletesSessions bool
	// DeletesOwnSessions is true when such a delete is tied to the caller
	// through auth.uid() or the JWT claims.
	DeletesOwnSessions bool
	// KeepsCurrentSession is true when that delete spares the caller's
	// current session (a "sign out of other devices").
	KeepsCurrentSession bool
	// CountsAndRaises is true when the body counts rows and raises an
	// exception, the other way a trigger can cap sessions.
	CountsAndRaises bool
}

// Key returns the schema-qualified name of the routine.
func (r *SQLRoutine) Key() string { return r.Schema + "." + r.Name }

// SQLRoutineChange is an ALTER or DROP of a function, procedure or
// routine in a migration.
type SQLRoutineChange struct {
	Schema, Name string
	Line         int
	Start        int
	// Drop is true for DROP and for ALTER ... RENAME TO, after which the
	// old name no longer exists.
	Drop bool
	// SearchPath is +1 when the statement sets search_path, -1 when it
	// resets it, and 0 when it leaves it alone.
	SearchPath int
	// Definer is +1 for SECURITY DEFINER, -1 for SECURITY INVOKER, 0 for
	// no change.
	Definer int
}

// Key returns the schema-qualified name of the changed routine.
func (c *SQLRoutineChange) Key() string { return c.Schema + "." + c.Name }

// SQLTrigger is one CREATE TRIGGER statement of a migration.
type SQLTrigger struct {
	Name string
	Line int
	// Table is the schema-qualified table, such as "auth.sessions".
	Table string
	// Events lists the lower-case events: insert, update, delete, truncate.
	Events []string
	// Function is the schema-qualified function the trigger executes.
	Function string
}

// AuthSetting is one session-related setting of supabase/config.toml.
type AuthSetting struct {
	// Env is "" for the base [auth] table and the remote's name for a
	// [remotes.NAME.auth] table.
	Env string
	// Key is the setting path below auth, such as
	// "enable_refresh_token_rotation" or "sessions.timebox".
	Key string
	// Value is the value as written, without quotes for strings.
	Value string
	// Type is the TOML type: "boolean", "integer", "string" or another
	// tree-sitter-toml node type.
	Type string
	Line int
	// Start and End are the byte offsets of the value.
	Start, End int
}

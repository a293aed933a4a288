package sqlscan

// BodyFacts are what a routine body does with the session tables.
type BodyFacts struct {
	// SessionTables lists "auth.sessions" and "auth.refresh_tokens" in
	// the order the body first names them.
	SessionTables []string
	// DeletesSessions is set when a DELETE targets a session table.
	DeletesSessions bool
	// DeletesOwnSessions is set when such a DELETE is tied to the caller:
	// it calls auth.uid() or reads the JWT claims, or it filters on
	// user_id in a body that takes the user id from auth.uid().
	DeletesOwnSessions bool
	// KeepsCurrentSession is set when that DELETE names session_id, the
	// JWT claim of the caller's current session.
	KeepsCurrentSession bool
	// CountsAndRaises is set when the body calls count() and raises an
	// exception.
	CountsAndRaises bool
	// Qualified is set when every table the body reads or writes has a
	// schema, so the routine runs the same with an empty search_path.
	Qualified bool
}

// sessionTables are the Supabase Auth tables that hold sessions and
// refresh tokens.
var sessionTables = map[string]bool{"sessions": true, "refresh_tokens": true}

// Facts reads a routine body. The body of a PL/pgSQL or SQL routine is
// itself SQL; the strings inside it are read too, because dynamic SQL
// (EXECUTE 'delete from auth.sessions ...') names tables there.
func Facts(body string) BodyFacts {
	f := BodyFacts{Qualified: true}
	toks, _ := Lex(body)
	groups := [][]Token{}
	for _, st := range Split(toks) {
		groups = append(groups, st.Tokens)
	}
	for _, t := range toks {
		if t.IsText() {
			inner, _ := Lex(t.Value)
			for _, st := range Split(inner) {
				groups = append(groups, st.Tokens)
			}
		}
	}
	usesUID := false
	for _, g := range groups {
		if callsAuthUID(g) {
			usesUID = true
		}
	}
	counts, raises := false, false
	seen := map[string]bool{}
	for _, g := range groups {
		deletes := false
		for i := range g {
			if table := sessionTableAt(g, i); table != "" {
				if !seen[table] {
					seen[table] = true
					f.SessionTables = append(f.SessionTables, table)
				}
				if deletedAt(g, i) {
					deletes = true
				}
			}
			if g[i].IsWord("count") && i+1 < len(g) && g[i+1].IsPunct("(") {
				counts = true
			}
			if g[i].IsWord("raise") && i+1 < len(g) && g[i+1].IsWord("exception") {
				raises = true
			}
		}
		if !unqualifiedFree(g) {
			f.Qualified = false
		}
		if !deletes {
			continue
		}
		f.DeletesSessions = true
		if callsAuthUID(g) || readsClaims(g) || (usesUID && names(g, "user_id")) {
			f.DeletesOwnSessions = true
			if names(g, "session_id") {
				f.KeepsCurrentSession = true
			}
		}
	}
	f.CountsAndRaises = counts && raises
	return f
}

// sessionTableAt returns "auth.sessions" or "auth.refresh_tokens" when
// the tokens at i name that table, else "".
func sessionTableAt(g []Token, i int) string {
	if i+2 >= len(g) || !g[i].IsName() || g[i].Value != "auth" || !g[i+1].IsPunct(".") || !g[i+2].IsName() {
		return ""
	}
	if !sessionTables[g[i+2].Value] {
		return ""
	}
	if i+3 < len(g) && g[i+3].IsPunct("(") {
		return "" // a function such as auth.sessions(), not the table
	}
	return "auth." + g[i+2].Value
}

// deletedAt reports whether the table named at i is the target of a
// DELETE FROM [ONLY].
func deletedAt(g []Token, i int) bool {
	j := i - 1
	if j >= 0 && g[j].IsWord("only") {
		j--
	}
	return j >= 1 && g[j].IsWord("from") && g[j-1].IsWord("delete")
}

// callsAuthUID reports whether the tokens call auth.uid() or auth.jwt().
func callsAuthUID(g []Token) bool {
	for i := 0; i+2 < len(g); i++ {
		if g[i].IsName() && g[i].Value == "auth" && g[i+1].IsPunct(".") && (g[i+2].IsWord("uid") || g[i+2].IsWord("jwt")) {
			return true
		}
	}
	return false
}

// readsClaims reports whether the tokens read the JWT claims through
// current_setting('request.jwt.claim...').
func readsClaims(g []Token) bool {
	for _, t := range g {
		if t.IsText() && len(t.Value) >= len("request.jwt.claim") && t.Value[:len("request.jwt.claim")] == "request.jwt.claim" {
			return true
		}
	}
	return false
}

// names reports whether an identifier or string of the tokens is word.
func names(g []Token, word string) bool {
	for _, t := range g {
		if (t.IsName() || t.IsText()) && t.Value == word {
			return true
		}
	}
	return false
}

// tableKeywords precede a table name in the statements a body runs.
var tableKeywords = map[string]bool{"from": true, "join": true, "update": true, "table": true}

// notTables follow FROM or JOIN without being a table name.
var notTables = map[string]bool{
	"select": true, "lateral": true, "only": true, "unnest": true, "current": true, "each": true, "values": true,
	"of": true, "nowait": true, "skip": true, "set": true,
}

// unqualifiedFree reports whether every table the statement names after
// FROM, JOIN, UPDATE, TABLE or INSERT INTO carries a schema. Names
// followed by "(" are functions, except after INSERT INTO, where the
// column list follows the table. NOTE: a FROM inside extract() or
// substring() followed by a bare column also counts as unqualified, which
// only withholds a suggested fix.
func unqualifiedFree(g []Token) bool {
	for i := 0; i+1 < len(g); i++ {
		kw := g[i]
		isTable := kw.Kind == Ident && tableKeywords[kw.Value]
		if kw.IsWord("into") && i > 0 && g[i-1].IsWord("insert") {
			isTable = true
		}
		if !isTable {
			continue
		}
		insert := kw.IsWord("into")
		next := g[i+1]
		if next.Kind == QuotedIdent || (next.Kind == Ident && !notTables[next.Value]) {
			if i+2 < len(g) && (g[i+2].IsPunct(".") || (!insert && g[i+2].IsPunct("("))) {
				continue
			}
			if next.Value == "new" || next.Value == "old" {
				continue
			}
			return false
		}
	}
	return true
}

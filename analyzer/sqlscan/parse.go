package sqlscan

import "strings"

// Statement is one SQL statement: its tokens without the final semicolon.
type Statement struct {
	Tokens []Token
}

// Split groups tokens into statements at semicolons outside parentheses.
// The semicolons inside the BEGIN ATOMIC ... END body of a CREATE
// FUNCTION or CREATE PROCEDURE belong to the body.
func Split(toks []Token) []Statement {
	var out []Statement
	start, depth := 0, 0
	atomic := 0 // nesting of BEGIN ATOMIC and CASE inside it
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.IsPunct("("):
			depth++
		case t.IsPunct(")"):
			if depth > 0 {
				depth--
			}
		case atomic == 0 && t.IsWord("begin") && i+1 < len(toks) && toks[i+1].IsWord("atomic") && createsRoutine(toks[start:i]):
			atomic = 1
			i++
		case atomic > 0 && t.IsWord("case"):
			atomic++
		case atomic > 0 && t.IsWord("end"):
			atomic--
		case t.IsPunct(";") && depth == 0 && atomic == 0:
			if i > start {
				out = append(out, Statement{Tokens: toks[start:i]})
			}
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, Statement{Tokens: toks[start:]})
	}
	return out
}

// createsRoutine reports whether a statement starts with CREATE [OR
// REPLACE] FUNCTION or PROCEDURE.
func createsRoutine(toks []Token) bool {
	i := 0
	if i >= len(toks) || !toks[i].IsWord("create") {
		return false
	}
	i++
	if i+1 < len(toks) && toks[i].IsWord("or") && toks[i+1].IsWord("replace") {
		i += 2
	}
	return i < len(toks) && (toks[i].IsWord("function") || toks[i].IsWord("procedure"))
}

// QualifiedName is a possibly schema-qualified name as folded by
// Postgres, with the offsets of its tokens.
type QualifiedName struct {
	Schema, Name string
	Start, End   int
}

// readName reads a name of one to three parts at toks[i], such as
// auth.sessions or "Auth"."Sessions", and returns the index after it.
// A name of three parts (database.schema.name) keeps the last two.
func readName(toks []Token, i int) (QualifiedName, int, bool) {
	if i >= len(toks) || !toks[i].IsName() {
		return QualifiedName{}, i, false
	}
	parts := []string{toks[i].Value}
	start, end := toks[i].Start, toks[i].End
	i++
	for i+1 < len(toks) && toks[i].IsPunct(".") && toks[i+1].IsName() {
		parts = append(parts, toks[i+1].Value)
		end = toks[i+1].End
		i += 2
	}
	q := QualifiedName{Start: start, End: end}
	if len(parts) == 1 {
		q.Name = parts[0]
	} else {
		q.Schema, q.Name = parts[len(parts)-2], parts[len(parts)-1]
	}
	return q, i, true
}

// skipParens returns the index after the parenthesised group that starts
// at toks[i], or i when toks[i] is not "(".
func skipParens(toks []Token, i int) int {
	if i >= len(toks) || !toks[i].IsPunct("(") {
		return i
	}
	depth := 0
	for ; i < len(toks); i++ {
		switch {
		case toks[i].IsPunct("("):
			depth++
		case toks[i].IsPunct(")"):
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return i
}

// Routine is a CREATE FUNCTION or CREATE PROCEDURE statement.
type Routine struct {
	Name QualifiedName
	// Definer is true for SECURITY DEFINER; DefinerEnd is the offset
	// after those keywords, or -1.
	Definer    bool
	DefinerEnd int
	// Settings lists the lower-case names of the SET clauses.
	Settings       []string
	Language       string
	ReturnsTrigger bool
	// Body is the routine body: the first string of AS, or the text
	// between BEGIN ATOMIC and END. BodyStart is its offset in the file
	// when the body is verbatim (dollar-quoted or atomic), else -1.
	Body      string
	BodyStart int
	HasBody   bool
}

// Sets reports whether the routine has a SET clause for the parameter.
func (r *Routine) Sets(param string) bool {
	for _, s := range r.Settings {
		if s == param {
			return true
		}
	}
	return false
}

// Change is an ALTER or DROP of a function, procedure or routine.
type Change struct {
	Name QualifiedName
	Drop bool
	// SearchPath is +1 for SET search_path, -1 for RESET search_path or
	// RESET ALL, 0 otherwise; Definer is +1 for SECURITY DEFINER and -1
	// for SECURITY INVOKER.
	SearchPath, Definer int
}

// Trigger is a CREATE TRIGGER statement.
type Trigger struct {
	Name     string
	Start    int
	Table    QualifiedName
	Events   []string
	Function QualifiedName
}

// Script is the set of routines, routine changes and triggers that one
// SQL file declares.
type Script struct {
	Routines []*Routine
	Changes  []*Change
	Triggers []*Trigger
	// Err is the first construct that does not end; the statements
	// before it are still read.
	Err *LexError
}

// Scan reads the routines, routine changes and triggers of a SQL file.
// The body of each routine is kept as text for BodyFacts.
func Scan(src string) *Script {
	toks, err := Lex(src)
	s := &Script{Err: err}
	for _, st := range Split(toks) {
		t := st.Tokens
		switch {
		case createsRoutine(t):
			if r := parseRoutine(src, t); r != nil {
				s.Routines = append(s.Routines, r)
			}
		case len(t) > 1 && t[0].IsWord("alter") && isRoutineWord(t[1]):
			if c := parseAlter(t); c != nil {
				s.Changes = append(s.Changes, c)
			}
		case len(t) > 1 && t[0].IsWord("drop") && isRoutineWord(t[1]):
			s.Changes = append(s.Changes, parseDrop(t)...)
		case len(t) > 1 && t[0].IsWord("create"):
			if tr := parseTrigger(t); tr != nil {
				s.Triggers = append(s.Triggers, tr)
			}
		}
	}
	return s
}

func isRoutineWord(t Token) bool {
	return t.IsWord("function") || t.IsWord("procedure") || t.IsWord("routine")
}

func parseRoutine(src string, t []Token) *Routine {
	i := 1
	if t[i].IsWord("or") {
		i += 2
	}
	i++ // FUNCTION or PROCEDURE
	name, i, ok := readName(t, i)
	if !ok {
		return nil
	}
	r := &Routine{Name: name, DefinerEnd: -1, BodyStart: -1}
	i = skipParens(t, i)
	for i < len(t) {
		tok := t[i]
		switch {
		case tok.IsPunct("("):
			i = skipParens(t, i)
			continue
		case tok.IsWord("returns") && i+1 < len(t):
			if t[i+1].IsWord("trigger") || t[i+1].IsWord("event_trigger") {
				r.ReturnsTrigger = true
			}
		case tok.IsWord("language") && i+1 < len(t):
			r.Language = strings.ToLower(t[i+1].Value)
			i += 2
			continue
		case tok.IsWord("security") && i+1 < len(t):
			if t[i+1].IsWord("definer") {
				r.Definer, r.DefinerEnd = true, t[i+1].End
			} else if t[i+1].IsWord("invoker") {
				r.Definer, r.DefinerEnd = false, -1
			}
			i += 2
			continue
		case tok.IsWord("set") && i+1 < len(t) && t[i+1].IsName():
			param, next := readParam(t, i+1)
			r.Settings = append(r.Settings, param)
			i = skipSetValue(t, next)
			continue
		case tok.IsWord("as") && i+1 < len(t) && t[i+1].IsText() && !r.HasBody:
			r.Body, r.HasBody = t[i+1].Value, true
			if t[i+1].Kind == DollarString {
				r.BodyStart = t[i+1].ContentStart
			}
			i += 2
			continue
		case tok.IsWord("begin") && i+1 < len(t) && t[i+1].IsWord("atomic") && !r.HasBody:
			last := t[len(t)-1]
			start := t[i+1].End
			end := last.Start
			if !last.IsWord("end") {
				end = last.End
			}
			if end >= start {
				r.Body, r.BodyStart, r.HasBody = src[start:end], start, true
			}
			return r
		}
		i++
	}
	return r
}

// readParam reads a configuration parameter name, which may be dotted
// (app.setting), and returns it in lower case with the index after it.
func readParam(t []Token, i int) (param string, next int) {
	parts := []string{t[i].Value}
	i++
	for i+1 < len(t) && t[i].IsPunct(".") && t[i+1].IsName() {
		parts = append(parts, t[i+1].Value)
		i += 2
	}
	return strings.ToLower(strings.Join(parts, ".")), i
}

// skipSetValue skips "TO value[, value...]", "= value[, ...]" or "FROM
// CURRENT" after a SET parameter name.
func skipSetValue(t []Token, i int) int {
	if i+1 < len(t) && t[i].IsWord("from") && t[i+1].IsWord("current") {
		return i + 2
	}
	if i < len(t) && (t[i].IsWord("to") || t[i].IsPunct("=")) {
		i++
	}
	for i < len(t) {
		isValue := t[i].IsName() || t[i].IsText() || t[i].Kind == Number || t[i].IsPunct("-")
		if !isValue {
			return i
		}
		if t[i].IsPunct("-") {
			i++
			continue
		}
		i++
		if i < len(t) && t[i].IsPunct(".") {
			i++ // a qualified value such as pg_catalog.english
			continue
		}
		if i < len(t) && t[i].IsPunct(",") {
			i++
			continue
		}
		return i
	}
	return i
}

func parseAlter(t []Token) *Change {
	name, i, ok := readName(t, 2)
	if !ok {
		return nil
	}
	c := &Change{Name: name}
	i = skipParens(t, i)
	for ; i < len(t); i++ {
		switch {
		case t[i].IsWord("set") && i+1 < len(t) && t[i+1].IsName():
			if t[i+1].IsWord("schema") {
				c.Drop = true // the routine moves away from this name
				continue
			}
			if param, _ := readParam(t, i+1); param == "search_path" {
				c.SearchPath = 1
			}
		case t[i].IsWord("reset") && i+1 < len(t):
			if t[i+1].IsWord("all") || t[i+1].IsWord("search_path") {
				c.SearchPath = -1
			}
		case t[i].IsWord("security") && i+1 < len(t):
			if t[i+1].IsWord("definer") {
				c.Definer = 1
			} else if t[i+1].IsWord("invoker") {
				c.Definer = -1
			}
		case t[i].IsWord("rename") && i+1 < len(t) && t[i+1].IsWord("to"):
			c.Drop = true
		}
	}
	return c
}

func parseDrop(t []Token) []*Change {
	i := 2
	if i+1 < len(t) && t[i].IsWord("if") && t[i+1].IsWord("exists") {
		i += 2
	}
	var out []*Change
	for i < len(t) {
		name, next, ok := readName(t, i)
		if !ok {
			break
		}
		out = append(out, &Change{Name: name, Drop: true})
		i = skipParens(t, next)
		if i < len(t) && t[i].IsPunct(",") {
			i++
			continue
		}
		break
	}
	return out
}

// parseTrigger reads CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name
// {BEFORE | AFTER | INSTEAD OF} event [OR event ...] ON table ...
// EXECUTE {FUNCTION | PROCEDURE} name(...).
func parseTrigger(t []Token) *Trigger {
	i := 1
	if i+1 < len(t) && t[i].IsWord("or") && t[i+1].IsWord("replace") {
		i += 2
	}
	if i < len(t) && t[i].IsWord("constraint") {
		i++
	}
	if i >= len(t) || !t[i].IsWord("trigger") {
		return nil
	}
	i++
	if i >= len(t) || !t[i].IsName() {
		return nil
	}
	tr := &Trigger{Name: t[i].Value, Start: t[i].Start}
	i++
	for ; i < len(t) && !t[i].IsWord("on"); i++ {
		switch t[i].Value {
		case "insert", "update", "delete", "truncate":
			if t[i].Kind == Ident {
				tr.Events = append(tr.Events, t[i].Value)
			}
		}
	}
	table, i, ok := readName(t, i+1)
	if !ok {
		return nil
	}
	tr.Table = table
	for ; i+1 < len(t); i++ {
		if t[i].IsWord("execute") && (t[i+1].IsWord("function") || t[i+1].IsWord("procedure")) {
			if fn, _, ok := readName(t, i+2); ok {
				tr.Function = fn
			}
			break
		}
	}
	return tr
}

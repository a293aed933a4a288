package sqlscan

import (
	"reflect"
	"strings"
	"testing"
)

func TestLexConstants(t *testing.T) {
	tests := []struct {
		name string
		src  string
		kind Kind
		want string
	}{
		{"standard string", `'it''s'`, String, "it's"},
		{"backslash is literal", `'a\b'`, String, `a\b`},
		{"escape string", `E'a\'b\\c\n'`, String, "a'b\\c\n"},
		{"escape string doubled quote", `e'x''y'`, String, "x'y"},
		{"unicode string", `U&'d\0061t'`, String, `d\0061t`},
		{"dollar empty tag", `$$ select ';' $$`, DollarString, " select ';' "},
		{"dollar named tag", `$fn$ a $$ b $fn$`, DollarString, " a $$ b "},
		{"quoted identifier", `"Auth""X"`, QuotedIdent, `Auth"X`},
		{"identifier folds", `SeSSions`, Ident, "sessions"},
		{"identifier with dollar", `a$b`, Ident, "a$b"},
		{"parameter", `$12`, Param, "$12"},
		{"cast", `::`, Punct, "::"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks, err := Lex(tc.src)
			if err != nil {
				t.Fatalf("Lex(%q) error: %s", tc.src, err.Message)
			}
			if len(toks) != 1 {
				t.Fatalf("Lex(%q) = %d tokens %+v, want 1", tc.src, len(toks), toks)
			}
			if toks[0].Kind != tc.kind {
				t.Errorf("kind = %d, want %d", toks[0].Kind, tc.kind)
			}
			if toks[0].Value != tc.want {
				t.Errorf("value = %q, want %q", toks[0].Value, tc.want)
			}
			if toks[0].Start != 0 || toks[0].End != len(tc.src) {
				t.Errorf("span = [%d,%d), want [0,%d)", toks[0].Start, toks[0].End, len(tc.src))
			}
		})
	}
}

func TestLexSkipsComments(t *testing.T) {
	src := "a -- b ; c\n/* d /* nested ; */ e */ f"
	toks, err := Lex(src)
	if err != nil {
		t.Fatal(err.Message)
	}
	var got []string
	for _, tok := range toks {
		got = append(got, tok.Value)
	}
	if want := []string{"a", "f"}; !reflect.DeepEqual(got, want) {
		t.Errorf("tokens = %q, want %q", got, want)
	}
}

func TestLexDollarContentOffset(t *testing.T) {
	src := "as $body$ delete $body$"
	toks, _ := Lex(src)
	if len(toks) != 2 {
		t.Fatalf("got %d tokens", len(toks))
	}
	if got := src[toks[1].ContentStart : toks[1].ContentStart+len(toks[1].Value)]; got != " delete " {
		t.Errorf("content at ContentStart = %q, want %q", got, " delete ")
	}
}

func TestLexUnterminated(t *testing.T) {
	for _, src := range []string{"select 'abc", "select $$ abc", `select "abc`, "select /* a /* b */", "E'abc\\'"} {
		toks, err := Lex(src)
		if err == nil {
			t.Errorf("Lex(%q): no error", src)
			continue
		}
		if src[:6] == "select" && (len(toks) != 1 || !toks[0].IsWord("select")) {
			t.Errorf("Lex(%q) tokens before the error = %+v, want [select]", src, toks)
		}
	}
}

func TestSplitStatements(t *testing.T) {
	src := `create function f() returns int language sql begin atomic
  select case when true then 1 end; select 2;
end;
select ';' ; do $$ begin perform 1; end $$;
create table t (a int);`
	toks, err := Lex(src)
	if err != nil {
		t.Fatal(err.Message)
	}
	stmts := Split(toks)
	var first []string
	for _, st := range stmts {
		first = append(first, st.Tokens[0].Value)
	}
	if want := []string{"create", "select", "do", "create"}; !reflect.DeepEqual(first, want) {
		t.Errorf("statements start with %q, want %q", first, want)
	}
}

const definerSQL = `-- Revoke every session of the caller.
create or replace function public.sign_out_everywhere()
returns void
language plpgsql
security definer
as $$
declare
  uid uuid := auth.uid();
begin
  if uid is null then
    raise exception 'not signed in';
  end if;
  delete from auth.sessions where user_id = uid;
end;
$$;

CREATE FUNCTION "Private"."Keep"(p_user uuid) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = '' AS 'delete from auth.refresh_tokens where user_id = p_user::text';

alter function public.sign_out_everywhere() set search_path = pg_catalog, public;
alter function private.other reset all;
drop function if exists a.x(int), y;

create trigger cap_sessions after insert on auth.sessions
for each row execute function public.cap_sessions();
`

func TestScanRoutines(t *testing.T) {
	s := Scan(definerSQL)
	if s.Err != nil {
		t.Fatalf("scan error: %s", s.Err.Message)
	}
	if len(s.Routines) != 2 {
		t.Fatalf("routines = %d, want 2", len(s.Routines))
	}
	r := s.Routines[0]
	if Key(r.Name) != "public.sign_out_everywhere" {
		t.Errorf("first routine = %q", Key(r.Name))
	}
	if !r.Definer || r.Sets("search_path") || r.Language != "plpgsql" || r.ReturnsTrigger {
		t.Errorf("first routine = %+v, want definer plpgsql without search_path", r)
	}
	if got := definerSQL[r.DefinerEnd-len("security definer") : r.DefinerEnd]; got != "security definer" {
		t.Errorf("text before DefinerEnd = %q", got)
	}
	if !strings.Contains(definerSQL[r.BodyStart:], "declare") {
		t.Errorf("BodyStart does not point into the body")
	}
	r2 := s.Routines[1]
	if Key(r2.Name) != "Private.Keep" || !r2.Definer || !r2.Sets("search_path") || r2.Language != "sql" {
		t.Errorf("second routine = %+v (key %q)", r2, Key(r2.Name))
	}
	if r2.Body != "delete from auth.refresh_tokens where user_id = p_user::text" || r2.BodyStart != -1 {
		t.Errorf("second body = %q at %d", r2.Body, r2.BodyStart)
	}
}

func TestScanChanges(t *testing.T) {
	s := Scan(definerSQL)
	type change struct {
		key        string
		drop       bool
		searchPath int
	}
	var got []change
	for _, c := range s.Changes {
		got = append(got, change{Key(c.Name), c.Drop, c.SearchPath})
	}
	want := []change{
		{"public.sign_out_everywhere", false, 1},
		{"private.other", false, -1},
		{"a.x", true, 0},
		{"public.y", true, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes = %+v, want %+v", got, want)
	}
}

func TestScanTrigger(t *testing.T) {
	s := Scan(definerSQL)
	if len(s.Triggers) != 1 {
		t.Fatalf("triggers = %d, want 1", len(s.Triggers))
	}
	tr := s.Triggers[0]
	if tr.Name != "cap_sessions" || Key(tr.Table) != "auth.sessions" || Key(tr.Function) != "public.cap_sessions" {
		t.Errorf("trigger = %+v", tr)
	}
	if !reflect.DeepEqual(tr.Events, []string{"insert"}) {
		t.Errorf("events = %q, want [insert]", tr.Events)
	}
}

func TestScanAtomicBody(t *testing.T) {
	src := "create function f() returns void language sql security definer\nbegin atomic\n  delete from auth.sessions where user_id = auth.uid();\nend;"
	s := Scan(src)
	if len(s.Routines) != 1 {
		t.Fatalf("routines = %d, want 1", len(s.Routines))
	}
	f := Facts(s.Routines[0].Body)
	if !f.DeletesOwnSessions {
		t.Errorf("facts of atomic body = %+v, want DeletesOwnSessions", f)
	}
}

func TestBodyFacts(t *testing.T) {
	tests := []struct {
		name string
		body string
		want BodyFacts
	}{
		{
			name: "own sessions through a variable",
			body: "declare uid uuid := auth.uid(); begin delete from auth.sessions where user_id = uid; end;",
			want: BodyFacts{SessionTables: []string{"auth.sessions"}, DeletesSessions: true, DeletesOwnSessions: true, Qualified: true},
		},
		{
			name: "other devices only",
			body: "delete from auth.sessions where user_id = auth.uid() and id <> (auth.jwt()->>'session_id')::uuid",
			want: BodyFacts{SessionTables: []string{"auth.sessions"}, DeletesSessions: true, DeletesOwnSessions: true,
				KeepsCurrentSession: true, Qualified: true},
		},
		{
			name: "cap by deleting the oldest",
			body: "begin delete from auth.sessions where user_id = new.user_id and id not in (select id from auth.sessions where user_id = new.user_id order by created_at desc limit 3); return new; end;",
			want: BodyFacts{SessionTables: []string{"auth.sessions"}, DeletesSessions: true, Qualified: true},
		},
		{
			name: "cap by raising",
			body: "begin if (select count(*) from auth.sessions s where s.user_id = new.user_id) >= 3 then raise exception 'too many'; end if; return new; end;",
			want: BodyFacts{SessionTables: []string{"auth.sessions"}, CountsAndRaises: true, Qualified: true},
		},
		{
			name: "read only, unqualified table",
			body: "select count(*) from auth.refresh_tokens join profiles p on true",
			want: BodyFacts{SessionTables: []string{"auth.refresh_tokens"}},
		},
		{
			name: "dynamic SQL in a string",
			body: "begin execute 'delete from \"auth\".\"sessions\" where user_id = $1' using auth.uid(); end;",
			want: BodyFacts{SessionTables: []string{"auth.sessions"}, DeletesSessions: true, DeletesOwnSessions: true, Qualified: true},
		},
		{
			name: "other auth tables",
			body: "select * from auth.users where id = auth.uid()",
			want: BodyFacts{Qualified: true},
		},
		{
			name: "insert with a column list",
			body: "insert into audit_log(event) values ('purge')",
			want: BodyFacts{},
		},
		{
			name: "select into a variable",
			body: "select count(*) into n from auth.sessions where user_id = auth.uid();",
			want: BodyFacts{SessionTables: []string{"auth.sessions"}, Qualified: true},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Facts(tc.body); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Facts = %+v\nwant    %+v", got, tc.want)
			}
		})
	}
}

// FuzzScan checks that any input scans without a panic and that every
// token lies inside the text.
func FuzzScan(f *testing.F) {
	for _, seed := range []string{definerSQL, "$a$ $b$", "E'\\", "/* /* */", "U&\"x", "create trigger t on", "alter function"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		toks, _ := Lex(src)
		for _, tok := range toks {
			if tok.Start < 0 || tok.End > len(src) || tok.Start >= tok.End {
				t.Fatalf("token %+v outside [0,%d)", tok, len(src))
			}
		}
		s := Scan(src)
		for _, r := range s.Routines {
			Facts(r.Body)
		}
	})
}

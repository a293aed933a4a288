package credentialchange_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
)

// clientModule is the Supabase client module of the fix test projects.
const clientModule = `import { createClient } from '@supabase/supabase-js';

export const supabase = createClient('https://example.supabase.co', 'public-anon-key');
`

// fixProject writes a project whose src/account.ts holds the imports of
// the client and body, and returns the path of src/account.ts.
func fixProject(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"package.json":  `{"dependencies": {"@supabase/supabase-js": "^2.45.0"}}`,
		"src/client.ts": clientModule,
		"src/account.ts": "import { supabase } from './client';\n" +
			"import { toast } from './toast';\n\n" + body,
		"src/toast.ts": "export function toast(message: string) {\n  console.log(message);\n}\n",
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The .git folder makes dir the repository root of the scan.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "src", "account.ts")
}

// scanFile runs the rule on one file and returns its findings.
func scanFile(t *testing.T, path string) []analyzer.Finding {
	t.Helper()
	res, err := analyzer.Run(analyzer.Config{Paths: []string{path}, Rules: rules, Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Notices {
		t.Errorf("notice: %s:%d: %s", n.File, n.Line, n.Message)
	}
	return res.Findings
}

func TestFixStyles(t *testing.T) {
	cases := []struct {
		name string
		body string
		// want is the body after the fix; "" means no fix is offered.
		want string
	}{
		{
			name: "guard that throws the error",
			body: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (error) throw error;
  toast('Check your inbox');
}
`,
			want: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (error) throw error;
  const { error: signOutError } = await supabase.auth.signOut({ scope: 'others' });
  if (signOutError) throw signOutError;
  toast('Check your inbox');
}
`,
		},
		{
			name: "guard that throws a new error in a block",
			body: `export async function changeEmail(email: string) {
  const { error: updateError } = await supabase.auth.updateUser({ email });
  if (updateError) {
    throw new Error(updateError.message);
  }
  toast('Check your inbox');
}
`,
			want: `export async function changeEmail(email: string) {
  const { error: updateError } = await supabase.auth.updateUser({ email });
  if (updateError) {
    throw new Error(updateError.message);
  }
  const { error: signOutError } = await supabase.auth.signOut({ scope: 'others' });
  if (signOutError) {
    throw new Error(signOutError.message);
  }
  toast('Check your inbox');
}
`,
		},
		{
			name: "guard with a double negation",
			body: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (!!error) return;
  toast('Check your inbox');
}
`,
			want: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (!!error) return;
  await supabase.auth.signOut({ scope: 'others' });
  toast('Check your inbox');
}
`,
		},
		{
			name: "guard on a member of the result",
			body: `export async function changeEmail(email: string) {
  const result = await supabase.auth.updateUser({ email });
  if (result.error) throw result.error;
  toast('Check your inbox');
}
`,
			want: `export async function changeEmail(email: string) {
  const result = await supabase.auth.updateUser({ email });
  if (result.error) throw result.error;
  const { error: signOutError } = await supabase.auth.signOut({ scope: 'others' });
  if (signOutError) throw signOutError;
  toast('Check your inbox');
}
`,
		},
		{
			name: "guard that shows a message and returns",
			body: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (error) {
    toast(error.message);
    return;
  }
  toast('Check your inbox');
}
`,
			want: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (error) {
    toast(error.message);
    return;
  }
  await supabase.auth.signOut({ scope: 'others' });
  toast('Check your inbox');
}
`,
		},
		{
			name: "success path in the else branch",
			body: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (error) {
    toast(error.message);
  } else {
    toast('Check your inbox');
  }
}
`,
			want: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (error) {
    toast(error.message);
  } else {
    await supabase.auth.signOut({ scope: 'others' });
    toast('Check your inbox');
  }
}
`,
		},
		{
			name: "success path in a negated guard",
			body: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (!error) {
    toast('Check your inbox');
  }
}
`,
			want: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (!error) {
    await supabase.auth.signOut({ scope: 'others' });
    toast('Check your inbox');
  }
}
`,
		},
		{
			name: "update inside a try block",
			body: `export async function changeEmail(email: string) {
  try {
    const { error } = await supabase.auth.updateUser({ email });
    if (error) return;
    toast('Check your inbox');
  } finally {
    toast('done');
  }
}
`,
			want: `export async function changeEmail(email: string) {
  try {
    const { error } = await supabase.auth.updateUser({ email });
    if (error) return;
    await supabase.auth.signOut({ scope: 'others' });
    toast('Check your inbox');
  } finally {
    toast('done');
  }
}
`,
		},
		{
			name: "no semicolons",
			body: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email })
  if (error) return
  toast('Check your inbox')
}
`,
			want: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email })
  if (error) return
  await supabase.auth.signOut({ scope: 'others' })
  toast('Check your inbox')
}
`,
		},
		{
			// Three strings in double quotes outweigh the two imports in
			// single quotes.
			name: "double quotes in most strings",
			body: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (error) return toast("Could not change the email");
  toast("Check your inbox");
  toast("Sign in again on your other devices");
}
`,
			want: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (error) return toast("Could not change the email");
  await supabase.auth.signOut({ scope: "others" });
  toast("Check your inbox");
  toast("Sign in again on your other devices");
}
`,
		},
		{
			name: "name signOutError already taken",
			body: `export async function changeEmail(email: string) {
  const signOutError = 'unused';
  const { error } = await supabase.auth.updateUser({ email });
  if (error) throw error;
}
`,
			want: `export async function changeEmail(email: string) {
  const signOutError = 'unused';
  const { error } = await supabase.auth.updateUser({ email });
  if (error) throw error;
  const { error: signOutError2 } = await supabase.auth.signOut({ scope: 'others' });
  if (signOutError2) throw signOutError2;
}
`,
		},
		{
			name: "negated guard that returns",
			body: `export async function changeEmail(email: string) {
  const { error } = await supabase.auth.updateUser({ email });
  if (!error) return;
  toast(error.message);
}
`,
		},
		{
			name: "update in a catch block",
			body: `export async function changeEmail(email: string) {
  try {
    toast('start');
  } catch {
    const { error } = await supabase.auth.updateUser({ email });
    if (error) return;
  }
}
`,
		},
		{
			name: "function that is not async",
			body: `export function changeEmail(email: string) {
  supabase.auth.updateUser({ email });
}
`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := fixProject(t, c.body)
			findings := scanFile(t, path)
			if len(findings) != 1 {
				t.Fatalf("got %d findings, want 1: %+v", len(findings), findings)
			}
			f := findings[0]
			if c.want == "" {
				if len(f.Fixes) != 0 {
					t.Errorf("got a fix, want none: %+v", f.Fixes)
				}
				return
			}
			if len(f.Fixes) != 1 {
				t.Fatalf("got %d fixes, want 1", len(f.Fixes))
			}
			fixed := analyzertest.ApplyFileEdits(t, path, f.Fixes[0].Edits)
			head := "import { supabase } from './client';\nimport { toast } from './toast';\n\n"
			if got := strings.TrimPrefix(fixed, head); got != c.want {
				t.Errorf("fixed file:\n%s\nwant:\n%s", got, c.want)
			}
			if err := os.WriteFile(path, []byte(fixed), 0o644); err != nil {
				t.Fatal(err)
			}
			if after := scanFile(t, path); len(after) != 0 {
				t.Errorf("the fixed file still has findings: %+v", after)
			}
		})
	}
}

// Package corpus writes deterministic test corpora for sessionlint's
// benchmarks: monorepos of apps in the style that app builders such as
// Lovable and Bolt generate (Vite, React, TypeScript, shadcn/ui
// components, a Supabase client under src/integrations), at any size.
//
// Most files are ordinary UI, hook, library and type code that never
// touches the session. Every app also holds its auth code, and every
// other app plants the session mistakes the rules report, so a scan of
// the corpus has an exact, known number of findings.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Options sizes a corpus.
type Options struct {
	// Apps is the number of apps, each a folder under apps/ with its own
	// package.json.
	Apps int
	// FilesPerApp is the number of source files of each app, at least
	// MinFilesPerApp.
	FilesPerApp int
	// Seed selects the pseudo-random names and shapes; the same options
	// always write the same bytes.
	Seed uint64
}

// MinFilesPerApp is the number of auth and setup files every app has.
const MinFilesPerApp = 12

// Finding is a planted finding: the rule and the file it is in.
type Finding struct {
	Rule string
	File string // slash-separated, relative to the corpus root
}

// Manifest describes a written corpus.
type Manifest struct {
	// Files lists every source file, relative to the corpus root.
	Files []string
	// Bytes is the total size of the source files.
	Bytes int
	// Findings lists the planted findings, sorted by file and rule.
	Findings []Finding
	// Apps lists the app folders, relative to the corpus root.
	Apps []string
}

// Write generates a corpus into dir, which should be empty.
func Write(dir string, opt Options) (*Manifest, error) {
	if opt.Apps < 1 {
		return nil, fmt.Errorf("corpus: Apps is %d, want at least 1", opt.Apps)
	}
	if opt.FilesPerApp < MinFilesPerApp {
		return nil, fmt.Errorf("corpus: FilesPerApp is %d, want at least %d", opt.FilesPerApp, MinFilesPerApp)
	}
	m := &Manifest{}
	w := &writer{dir: dir, m: m}
	w.file("package.json", `{ "name": "corpus-monorepo", "private": true, "workspaces": ["apps/*"] }`+"\n")
	w.file(".gitignore", "node_modules\ndist\n.env.local\n")
	for i := 0; i < opt.Apps; i++ {
		app := fmt.Sprintf("apps/app%02d", i)
		m.Apps = append(m.Apps, app)
		g := &appGen{
			w:      w,
			root:   app,
			r:      rand.New(rand.NewPCG(opt.Seed, uint64(i))),
			faulty: i%2 == 0,
		}
		g.generate(opt.FilesPerApp)
	}
	if w.err != nil {
		return nil, w.err
	}
	sort.Strings(m.Files)
	sort.Slice(m.Findings, func(i, j int) bool {
		a, b := m.Findings[i], m.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Rule < b.Rule
	})
	return m, nil
}

// writer writes files and records them in the manifest.
type writer struct {
	dir string
	m   *Manifest
	err error
}

func (w *writer) file(rel, content string) {
	if w.err != nil {
		return
	}
	abs := filepath.Join(w.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		w.err = err
		return
	}
	if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
		w.err = err
		return
	}
	if isSource(rel) {
		w.m.Files = append(w.m.Files, rel)
		w.m.Bytes += len(content)
	}
}

func isSource(rel string) bool {
	switch filepath.Ext(rel) {
	case ".ts", ".tsx", ".js", ".jsx":
		return true
	}
	return false
}

// appGen writes one app.
type appGen struct {
	w    *writer
	root string
	r    *rand.Rand
	// faulty apps plant the findings; the others handle sessions well.
	faulty bool
	// used keeps generated names unique within the app.
	used map[string]bool
	// components lists the feature components written so far, for pages
	// to import.
	components []string
	hooks      []string
}

func (g *appGen) file(rel, content string) { g.w.file(g.root+"/"+rel, content) }

func (g *appGen) plant(rule, rel string) {
	g.w.m.Findings = append(g.w.m.Findings, Finding{Rule: rule, File: g.root + "/" + rel})
}

func (g *appGen) generate(files int) {
	g.used = map[string]bool{}
	g.file("package.json", fmt.Sprintf(`{
  "name": "%s",
  "private": true,
  "type": "module",
  "dependencies": {
    "@supabase/supabase-js": "^2.49.4",
    "@tanstack/react-query": "^5.56.2",
    "react": "^18.3.1",
    "react-router-dom": "^6.26.2"
  }
}
`, strings.ReplaceAll(g.root, "/", "-")))
	g.file("tsconfig.json", `{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] }, "jsx": "react-jsx" } }`+"\n")
	written := g.setupFiles()
	// The rest is ordinary code in realistic proportions.
	for n := written; n < files; n++ {
		switch k := n % 10; {
		case k < 3:
			g.uiComponent()
		case k < 6:
			g.featureComponent()
		case k < 7:
			g.page()
		case k < 8:
			g.hook()
		case k < 9:
			g.library()
		default:
			g.types()
		}
	}
}

// setupFiles writes the Supabase client, the utilities and the auth code
// of the app, and returns how many source files it wrote.
func (g *appGen) setupFiles() int {
	g.file("src/integrations/supabase/client.ts", `import { createClient } from '@supabase/supabase-js';
import type { Database } from './types';

const SUPABASE_URL = import.meta.env.VITE_SUPABASE_URL;
const SUPABASE_PUBLISHABLE_KEY = import.meta.env.VITE_SUPABASE_ANON_KEY;

export const supabase = createClient<Database>(SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY, {
  auth: {
    storage: localStorage,
    persistSession: true,
    autoRefreshToken: true,
  },
});
`)
	g.file("src/integrations/supabase/types.ts", `export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export interface Database {
  public: {
    Tables: {
      profiles: {
        Row: { id: string; full_name: string | null; avatar_url: string | null; updated_at: string | null };
        Insert: { id: string; full_name?: string | null; avatar_url?: string | null };
        Update: { full_name?: string | null; avatar_url?: string | null };
      };
      projects: {
        Row: { id: string; owner_id: string; name: string; created_at: string };
        Insert: { owner_id: string; name: string };
        Update: { name?: string };
      };
    };
  };
}
`)
	g.file("src/lib/utils.ts", `import { clsx, type ClassValue } from 'clsx';
import { twMerge } from 'tailwind-merge';

export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}

export function formatDate(value: string | Date, locale = 'en-US') {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}
`)
	g.file("src/lib/authCleanup.ts", `// Removes every Supabase auth key from the browser storages.
export const cleanupAuthState = () => {
  Object.keys(localStorage).forEach((key) => {
    if (key.startsWith('supabase.auth.') || key.includes('sb-')) {
      localStorage.removeItem(key);
    }
  });
  Object.keys(sessionStorage || {}).forEach((key) => {
    if (key.startsWith('supabase.auth.') || key.includes('sb-')) {
      sessionStorage.removeItem(key);
    }
  });
};
`)
	g.file("src/pages/Auth.tsx", `import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { supabase } from '@/integrations/supabase/client';
import { cleanupAuthState } from '@/lib/authCleanup';

export default function Auth() {
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  const handleSignIn = async (e: React.FormEvent) => {
    e.preventDefault();
    cleanupAuthState();
    const { error } = await supabase.auth.signInWithPassword({ email, password });
    if (error) {
      setError(error.message);
      return;
    }
    navigate('/');
  };

  return (
    <form onSubmit={handleSignIn} className="mx-auto flex max-w-sm flex-col gap-4 p-8">
      <input value={email} onChange={(e) => setEmail(e.target.value)} placeholder="Email" />
      <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} placeholder="Password" />
      {error && <p className="text-sm text-red-600">{error}</p>}
      <button type="submit">Sign in</button>
    </form>
  );
}
`)
	if g.faulty {
		return 5 + g.faultyAuth()
	}
	return 5 + g.soundAuth()
}

// faultyAuth plants one finding of each script rule's common form and
// returns the number of files it wrote.
func (g *appGen) faultyAuth() int {
	g.file("src/components/Navbar.tsx", `import { useNavigate } from 'react-router-dom';
import { supabase } from '@/integrations/supabase/client';
import { cleanupAuthState } from '@/lib/authCleanup';

export function Navbar() {
  const navigate = useNavigate();

  const handleLogout = async () => {
    cleanupAuthState();
    await supabase.auth.signOut();
    navigate('/auth');
  };

  return (
    <nav className="flex items-center justify-between border-b px-6 py-3">
      <a href="/" className="font-semibold">Dashboard</a>
      <button onClick={handleLogout}>Log out</button>
    </nav>
  );
}
`)
	g.plant("clientonlylogout", "src/components/Navbar.tsx")
	g.file("src/components/DeviceMenu.tsx", `import { supabase } from '@/integrations/supabase/client';

export function DeviceMenu() {
  const signOutHere = async () => {
    await supabase.auth.signOut({ scope: 'local' });
    window.location.href = '/auth';
  };
  return <button onClick={signOutHere}>Sign out of this device</button>;
}
`)
	g.plant("localscopelogout", "src/components/DeviceMenu.tsx")
	g.file("src/pages/Settings.tsx", `import { useState } from 'react';
import { supabase } from '@/integrations/supabase/client';

export default function Settings() {
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');

  const changePassword = async () => {
    const { error } = await supabase.auth.updateUser({ password });
    if (error) throw error;
  };

  const changeEmail = async () => {
    const { error } = await supabase.auth.updateUser({ email });
    if (error) throw error;
  };

  return (
    <div className="space-y-6 p-6">
      <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button onClick={changePassword}>Change password</button>
      <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <button onClick={changeEmail}>Change email</button>
    </div>
  );
}
`)
	g.plant("credentialchange", "src/pages/Settings.tsx")
	g.plant("credentialchange", "src/pages/Settings.tsx")
	g.file("src/lib/sessionSync.ts", `import { supabase } from '@/integrations/supabase/client';

// Mirrors the tokens for the legacy API client.
export function mirrorTokens() {
  supabase.auth.onAuthStateChange((_event, session) => {
    if (session) {
      localStorage.setItem('api_refresh_token', session.refresh_token);
    }
  });
}

export async function restoreSession() {
  const refresh_token = localStorage.getItem('api_refresh_token');
  const access_token = localStorage.getItem('api_access_token');
  if (refresh_token && access_token) {
    await supabase.auth.setSession({ access_token, refresh_token });
  }
}
`)
	g.plant("duplicatetokenstorage", "src/lib/sessionSync.ts")
	g.plant("manualsetsession", "src/lib/sessionSync.ts")
	return 4
}

// soundAuth writes the same features without mistakes and returns the
// number of files it wrote.
func (g *appGen) soundAuth() int {
	g.file("src/components/Navbar.tsx", `import { useNavigate } from 'react-router-dom';
import { supabase } from '@/integrations/supabase/client';
import { cleanupAuthState } from '@/lib/authCleanup';

export function Navbar() {
  const navigate = useNavigate();

  const handleLogout = async () => {
    await supabase.auth.signOut();
    cleanupAuthState();
    navigate('/auth');
  };

  return (
    <nav className="flex items-center justify-between border-b px-6 py-3">
      <a href="/" className="font-semibold">Dashboard</a>
      <button onClick={handleLogout}>Log out</button>
    </nav>
  );
}
`)
	g.file("src/components/DeviceMenu.tsx", `import { supabase } from '@/integrations/supabase/client';

export function DeviceMenu() {
  const signOutHere = async () => {
    await supabase.auth.signOut({ scope: 'local' });
    window.location.href = '/auth';
  };
  return <button onClick={signOutHere}>Sign out of this device</button>;
}
`)
	g.file("src/pages/Settings.tsx", `import { useState } from 'react';
import { supabase } from '@/integrations/supabase/client';

export default function Settings() {
  const [password, setPassword] = useState('');

  const changePassword = async () => {
    const { error } = await supabase.auth.updateUser({ password });
    if (error) throw error;
    await supabase.auth.signOut({ scope: 'others' });
  };

  return (
    <div className="space-y-6 p-6">
      <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button onClick={changePassword}>Change password</button>
    </div>
  );
}
`)
	return 3
}

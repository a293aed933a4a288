package analyzer

import "sort"

// DatabaseRoutines returns the routines that the SQL migrations of the
// scan create and no later migration drops, by bare name, the name an
// rpc() call uses. Migrations are read in path order, the order the
// Supabase CLI applies them in.
func (a *App) DatabaseRoutines() map[string]*SQLRoutine {
	files := a.Files
	if a.resolver != nil {
		files = a.resolver.files
	}
	var migrations []*FileSummary
	for _, f := range files {
		if f.Session != nil && (len(f.Session.Routines) > 0 || len(f.Session.RoutineChanges) > 0) {
			migrations = append(migrations, f)
		}
	}
	sort.Slice(migrations, func(i, j int) bool { return migrations[i].File < migrations[j].File })
	byKey := map[string]*SQLRoutine{}
	for _, f := range migrations {
		for i := range f.Session.Routines {
			r := &f.Session.Routines[i]
			byKey[r.Key()] = r
		}
		for i := range f.Session.RoutineChanges {
			if c := &f.Session.RoutineChanges[i]; c.Drop {
				delete(byKey, c.Key())
			}
		}
	}
	out := make(map[string]*SQLRoutine, len(byKey))
	for _, r := range byKey {
		out[r.Name] = r
	}
	return out
}

// FileRPC is an rpc() call and the file that makes it.
type FileRPC struct {
	File *FileSummary
	Site RPCSite
}

// RPCSites returns the rpc() calls of the app that name the database
// function name. It records the lookup, so that the project phase parses
// the skipped files of the app that mention the name.
func (a *App) RPCSites(name string) []FileRPC {
	a.trace().name(a.Dir, name)
	var out []FileRPC
	for _, f := range a.Files {
		if f.Session == nil {
			continue
		}
		for _, s := range f.Session.RPCs {
			if s.Name == name {
				out = append(out, FileRPC{File: f, Site: s})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File.File != out[j].File.File {
			return out[i].File.File < out[j].File.File
		}
		return out[i].Site.Line < out[j].Site.Line
	})
	return out
}

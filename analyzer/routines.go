package analyzer

import "sort"

// LocatedRoutine is a routine with the migration file that defines it.
type LocatedRoutine struct {
	File    string
	Routine *SQLRoutine
}

// LiveRoutines returns the last definition of every routine that the
// migrations among files create and no later migration drops, by
// schema-qualified name. Migrations are read in path order, the order the
// Supabase CLI applies them in.
func LiveRoutines(files []*FileSummary) map[string]LocatedRoutine {
	var migrations []*FileSummary
	for _, f := range files {
		if f.Session != nil && (len(f.Session.Routines) > 0 || len(f.Session.RoutineChanges) > 0) {
			migrations = append(migrations, f)
		}
	}
	sort.SliceStable(migrations, func(i, j int) bool { return migrations[i].File < migrations[j].File })
	out := map[string]LocatedRoutine{}
	for _, f := range migrations {
		for i := range f.Session.Routines {
			r := &f.Session.Routines[i]
			out[r.Key()] = LocatedRoutine{File: f.File, Routine: r}
		}
		for i := range f.Session.RoutineChanges {
			if c := &f.Session.RoutineChanges[i]; c.Drop {
				delete(out, c.Key())
			}
		}
	}
	return out
}

// OwnSessionRoutines returns the routines of live (as LiveRoutines
// returns them) that delete the caller's own sessions and are not
// trigger functions, by the bare name an rpc() call uses.
func OwnSessionRoutines(live map[string]LocatedRoutine) map[string]LocatedRoutine {
	out := map[string]LocatedRoutine{}
	for _, r := range live {
		if r.Routine.DeletesOwnSessions && !r.Routine.ReturnsTrigger {
			out[r.Routine.Name] = r
		}
	}
	return out
}

// OwnSessionRoutines returns the routines of the scan's migrations that
// delete the caller's own sessions, by bare name. It reads the
// migrations of the whole scan once per app.
func (a *App) OwnSessionRoutines() map[string]LocatedRoutine {
	if a.ownSessionRoutines == nil {
		files := make([]*FileSummary, 0, len(a.Files))
		if a.resolver != nil {
			for _, f := range a.resolver.files {
				files = append(files, f)
			}
		} else {
			for _, f := range a.Files {
				files = append(files, f)
			}
		}
		a.ownSessionRoutines = OwnSessionRoutines(LiveRoutines(files))
	}
	return a.ownSessionRoutines
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

package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRunReportText(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/auth.ts":          localScopeLogout,
		"supabase/config.toml": "[auth]\nenable_refresh_token_rotation = true\n",
	})
	status, stdout, stderr := runCommand(t, "-report", dir)
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d (the scan has a finding); stderr: %s", status, exitFindings, stderr)
	}
	if !strings.HasPrefix(stdout, "Session hardening: ") {
		t.Fatalf("stdout does not start with the report:\n%s", stdout)
	}
	if !strings.Contains(stdout, "1. Logout revokes every session: **missing**\n   - `src/auth.ts:6` the logout signs out of this device only (localscopelogout)\n") {
		t.Errorf("report lacks the missing logout with its evidence:\n%s", stdout)
	}
	if strings.Contains(stdout, "(localscopelogout)\n") && strings.Contains(stdout, "src/auth.ts:6:") {
		t.Errorf("text -report prints the findings too:\n%s", stdout)
	}
}

func TestRunReportJSON(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": cleanLogout})
	status, stdout, stderr := runCommand(t, "-report", "-format", "json", dir)
	if status != exitClean {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitClean, stderr)
	}
	var doc struct {
		Findings  []any `json:"findings"`
		Hardening struct {
			Properties []struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"properties"`
		} `json:"hardening"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, stdout)
	}
	if len(doc.Hardening.Properties) != 5 {
		t.Fatalf("%d hardening properties, want 5", len(doc.Hardening.Properties))
	}
	if p := doc.Hardening.Properties[0]; p.ID != "logout-revokes-all" || p.Status != "present" {
		t.Errorf("first property = %+v, want logout-revokes-all present", p)
	}
}

func TestRunReportRejectsGitHubFormat(t *testing.T) {
	status, _, stderr := runCommand(t, "-report", "-format", "github", ".")
	if status != exitError {
		t.Errorf("exit status = %d, want %d", status, exitError)
	}
	if !strings.Contains(stderr, "-report has no place in -format github") {
		t.Errorf("stderr = %q", stderr)
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/postgres"
	"github.com/jisr-cell/jisr/sqlite"
)

func init() {
	register(command{name: "user", summary: "manage users: add, list, disable, enable, reset, reset-2fa, locks, unlock, role", run: runUser})
	register(command{name: "agency", summary: "manage agencies: add, list", run: runAgency})
	register(command{name: "audit", summary: "check the audit trail: verify", run: runAudit})
}

// verb is a subcommand of a command group (user add, agency list…).
type verb struct{ name, summary string }

var (
	userVerbs = []verb{
		{"add", "create a user: USERNAME (or --username), --agency, --role; prints a new password once"},
		{"list", "list the users of the node"},
		{"disable", "disable USERNAME and revoke their sessions"},
		{"enable", "enable USERNAME again"},
		{"reset", "set a new password for USERNAME and revoke their sessions"},
		{"reset-2fa", "remove the second factor of USERNAME (lost phone) and revoke their sessions"},
		{"locks", "list the sign-in back-offs in force"},
		{"unlock", "lift the sign-in back-offs of USERNAME (or --addr IP)"},
		{"role", "give USERNAME another role (--role) and revoke their sessions"},
	}
	agencyVerbs = []verb{
		{"add", "add an agency: --code, --country, --name-en, --name-ar, --groups"},
		{"list", "list the agencies of the cell and their sharing groups"},
	}
	auditVerbs = []verb{
		{"verify", "check the audit chain and signatures; names the first broken entry"},
	}
)

// sub splits the verb of a command group from its arguments. "--help",
// "-h" or "help" print the verbs, one a line, and end with flag.ErrHelp
// (exit 0); no verb or an unknown one is a usage error (exit 2) that lists
// them.
func sub(env *cmdEnv, group string, verbs []verb, args []string) (string, []string, error) {
	list := func(w io.Writer) {
		fmt.Fprintf(w, "Usage: jisr %s VERB [flags]   (jisr %s VERB --help for its flags)\n\nVerbs:\n", group, group)
		for _, v := range verbs {
			fmt.Fprintf(w, "  %-8s %s\n", v.name, v.summary)
		}
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help") {
		list(env.stdout)
		return "", nil, flag.ErrHelp
	}
	if len(args) == 0 || !slices.ContainsFunc(verbs, func(v verb) bool { return v.name == args[0] }) {
		list(env.stderr)
		if len(args) == 0 {
			return "", nil, fmt.Errorf("%w: jisr %s needs a verb", errUsage, group)
		}
		return "", nil, fmt.Errorf("%w: unknown verb %q", errUsage, args[0])
	}
	return args[0], args[1:], nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("user add alice --agency JO-AND") and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func runUser(ctx context.Context, env *cmdEnv, args []string) error {
	verb, args, err := sub(env, "user", userVerbs, args)
	if err != nil {
		return err
	}
	fs := newFlagSet(env, "user "+verb, "user "+verb+" [flags] [USERNAME]")
	data := dataFlag(fs, "data")
	db := dbFlag(fs)
	var username, agency, role, name, lang, pwFile string
	if verb == "role" {
		fs.StringVar(&role, "role", "", "the new role: analyst, officer, liaison, supervisor, administrator or auditor")
	}
	if verb == "add" {
		fs.StringVar(&username, "username", "", "user name (lower case); or give it as the argument USERNAME")
		fs.StringVar(&agency, "agency", "", "agency code")
		fs.StringVar(&role, "role", "analyst", "analyst, officer, liaison, supervisor, administrator or auditor")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&lang, "lang", "", "preferred language: ar, en or fr")
	}
	if verb == "add" || verb == "reset" {
		fs.StringVar(&pwFile, "password-file", "", "read the password from this file (else generated and printed once)")
	}
	var addr string
	if verb == "unlock" {
		fs.StringVar(&addr, "addr", "", "lift the back-off of this address (IPv6: its /64) instead of, or as well as, a user's")
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case verb == "list" || verb == "locks":
		if len(pos) > 0 {
			return fmt.Errorf("%w: jisr user %s takes no USERNAME", errUsage, verb)
		}
	case verb == "unlock" && len(pos) == 0 && addr != "":
		// jisr user unlock --addr IP
	case verb == "add" && len(pos) == 0:
		if username == "" {
			return fmt.Errorf("%w: jisr user add [flags] USERNAME (or --username USERNAME)", errUsage)
		}
	case len(pos) != 1:
		return fmt.Errorf("%w: jisr user %s [--data DIR] USERNAME", errUsage, verb)
	case verb == "add" && username != "" && username != pos[0]:
		return fmt.Errorf("%w: two user names given: %q and --username %q", errUsage, pos[0], username)
	default:
		username = pos[0]
	}
	s, err := openDB(ctx, *db, *data, nil, false, nil, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := newEngine(s)
	if err != nil {
		return err
	}
	defer e.Close()
	password := func() (string, bool, error) {
		if pwFile != "" {
			p, err := readSecret(env, pwFile, "")
			return p, false, err
		}
		return newPassword(), true, nil
	}
	switch verb {
	case "add":
		pw, show, err := password()
		if err != nil {
			return err
		}
		u := &jisr.User{Username: username, Agency: agency, Role: jisr.Role(role), DisplayName: name, Lang: lang}
		if err := e.CreateUser(ctx, cli, u, pw); err != nil {
			return describe(err)
		}
		if show {
			fmt.Fprintf(env.stdout, "user: %s password: %s agency: %s role: %s\n", u.Username, pw, u.Agency, u.Role)
		} else {
			fmt.Fprintf(env.stdout, "created %s\n", u.Username)
		}
	case "list":
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USER\tAGENCY\tROLE\tSTATUS\tCREATED")
		cursor := ""
		for {
			us, next, err := e.Users(ctx, cli, jisr.Page{Limit: jisr.MaxPageLimit, Cursor: cursor})
			if err != nil {
				return describe(err)
			}
			for _, u := range us {
				status := "active"
				if u.Disabled {
					status = "disabled"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.Agency, u.Role, status, u.CreatedAt.Format("2006-01-02"))
			}
			if next == "" {
				break
			}
			cursor = next
		}
		return tw.Flush()
	case "locks":
		ls, err := e.LoginLocks(ctx, cli)
		if err != nil {
			return describe(err)
		}
		if len(ls) == 0 {
			fmt.Fprintln(env.stdout, "no sign-in back-off in force")
			return nil
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tUSER\tADDRESS\tFAILURES\tUNTIL")
		for _, l := range ls {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", l.Kind, dash(l.Account), dash(l.Addr), l.Failures, l.Until.Format(time.RFC3339))
		}
		return tw.Flush()
	case "unlock":
		n, err := e.ClearLoginLocks(ctx, cli, username, addr)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "lifted %d sign-in back-off(s)\n", n)
	case "reset-2fa":
		if err := e.ResetTwoFactor(ctx, cli, username); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "second factor of %s removed and their sessions revoked; they enrol again at their next sign-in\n", username)
	case "disable", "enable":
		if err := e.SetDisabled(ctx, cli, username, verb == "disable"); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "%sd %s\n", verb, username)
	case "role":
		if err := e.SetRole(ctx, cli, username, jisr.Role(role)); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "%s is now %s; their sessions are revoked\n", username, role)
	case "reset":
		pw, show, err := password()
		if err != nil {
			return err
		}
		if err := e.ResetPassword(ctx, cli, username, pw); err != nil {
			return describe(err)
		}
		if show {
			u, _ := e.UserByName(ctx, username)
			fmt.Fprintf(env.stdout, "user: %s password: %s agency: %s role: %s\n", u.Username, pw, u.Agency, u.Role)
		} else {
			fmt.Fprintf(env.stdout, "password of %s changed; their sessions are revoked\n", username)
		}
	default:
		return fmt.Errorf("%w: unknown verb %q", errUsage, verb)
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runAgency(ctx context.Context, env *cmdEnv, args []string) error {
	verb, args, err := sub(env, "agency", agencyVerbs, args)
	if err != nil {
		return err
	}
	fs := newFlagSet(env, "agency "+verb, "agency "+verb+" [flags]")
	data := dataFlag(fs, "data")
	db := dbFlag(fs)
	var a jisr.Agency
	var groups string
	if verb == "add" {
		fs.StringVar(&a.Code, "code", "", "agency code, e.g. LB-ISF")
		fs.StringVar(&a.Country, "country", "", "ISO 3166-1 alpha-2 country")
		fs.StringVar(&a.NameEN, "name-en", "", "name in English")
		fs.StringVar(&a.NameAR, "name-ar", "", "name in Arabic")
		fs.StringVar(&groups, "groups", "", "comma-separated sharing groups")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q; jisr agency %s --help shows the flags", errUsage, fs.Arg(0), verb)
	}
	s, err := openDB(ctx, *db, *data, nil, false, nil, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := newEngine(s)
	if err != nil {
		return err
	}
	defer e.Close()
	switch verb {
	case "add":
		if groups != "" {
			a.Groups = strings.Split(groups, ",")
		}
		if err := e.CreateAgency(ctx, cli, &a); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "created agency %s\n", a.Code)
	case "list":
		as, err := e.Agencies(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tCOUNTRY\tNAME\tالاسم\tGROUPS")
		for _, a := range as {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Code, a.Country, a.NameEN, a.NameAR, strings.Join(a.Groups, ","))
		}
		return tw.Flush()
	default:
		return fmt.Errorf("%w: unknown verb %q", errUsage, verb)
	}
	return nil
}

func runAudit(ctx context.Context, env *cmdEnv, args []string) error {
	_, args, err := sub(env, "audit", auditVerbs, args)
	if err != nil {
		return err
	}
	fs := newFlagSet(env, "audit verify", "audit verify [--data DIR] [--db postgres://…] [--audit-checkpoint FILE | --no-checkpoint]")
	data := dataFlag(fs, "data")
	db := dbFlag(fs)
	cpPath := fs.String("audit-checkpoint", os.Getenv("JISR_AUDIT_CHECKPOINT"), "the node's signed checkpoint, or a copy of it from the remote sink (default: DATA.checkpoint beside the data folder)")
	noCP := fs.Bool("no-checkpoint", false, "check the chain alone (entries removed from its end then go unnoticed)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cpPath == "" {
		*cpPath = checkpoint.Path(*data)
	}
	// Read-only: verifying a node (or a backup on a read-only mount)
	// changes nothing and creates nothing.
	var t interface {
		Verify(context.Context) (int64, error)
		CheckCheckpoint(context.Context, int64, *checkpoint.Checkpoint) error
		Close() error
	}
	note := ""
	if *db != "" {
		pt, err := postgres.OpenTrail(ctx, *db, *data)
		if err != nil {
			return fmt.Errorf("open the trail in %s (node key in %s): %w", redactURL(*db), *data, err)
		}
		t = pt
	} else {
		st, err := sqlite.OpenTrail(ctx, *data)
		if err != nil {
			return nodeError(*data, err)
		}
		t, note = st, st.Note
	}
	defer t.Close()
	n, err := t.Verify(ctx)
	if err != nil {
		return fmt.Errorf("audit trail BROKEN after %d entries: %v", n, err)
	}
	if note != "" {
		fmt.Fprintf(env.stderr, "jisr audit verify: %s\n", note)
	}
	if *noCP {
		fmt.Fprintf(env.stdout, "audit trail intact: %d entries, chain and signatures verified (no checkpoint checked: entries removed from the end would not show)\n", n)
		return nil
	}
	c, err := checkpoint.Read(*cpPath)
	if errors.Is(err, iofs.ErrNotExist) {
		return fmt.Errorf("chain of %d entries intact, but there is no checkpoint at %s, so entries removed from the end of the trail would not show; give its place with --audit-checkpoint, or check the chain alone with --no-checkpoint", n, *cpPath)
	}
	if err != nil {
		return err
	}
	if err := t.CheckCheckpoint(ctx, n, c); err != nil {
		return fmt.Errorf("audit trail BROKEN: %v (checkpoint %s)", err, *cpPath)
	}
	fmt.Fprintf(env.stdout, "audit trail intact: %d entries, chain and signatures verified; the checkpoint signed at %s covers the first %d (%d written after it are not covered)\n",
		n, c.At.UTC().Format(time.RFC3339), c.Entries, n-c.Entries)
	return nil
}

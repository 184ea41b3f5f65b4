package main

import (
	"context"
	"fmt"

	"github.com/jisr-cell/jisr"
)

func init() {
	register(command{name: "init", summary: "create a node's agency and first administrator", run: runInit})
}

func runInit(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "init", "init --data DIR [--db postgres://…] --agency CODE --country CC --name-en NAME --name-ar NAME --admin USERNAME [--password-file FILE]")
	data := dataFlag(fs, "data")
	db := dbFlag(fs)
	code := fs.String("agency", "", "code of this node's agency, e.g. JO-AND")
	country := fs.String("country", "", "ISO 3166-1 alpha-2 country of the agency, e.g. JO")
	nameEN := fs.String("name-en", "", "agency name in English")
	nameAR := fs.String("name-ar", "", "agency name in Arabic")
	admin := fs.String("admin", "admin", "user name of the first administrator")
	pwFile := fs.String("password-file", "", "read the administrator's password from this file (else: generated and printed once)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"agency", *code}, {"country", *country}, {"name-en", *nameEN}, {"name-ar", *nameAR}} {
		if f.v == "" {
			return fmt.Errorf("%w: --%s is required", errUsage, f.name)
		}
	}
	s, err := openDB(ctx, *db, *data, nil, true, nil, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := newEngine(s)
	if err != nil {
		return err
	}
	defer e.Close()
	if n, err := s.CountUsers(ctx); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("the node in %s already has users; add more with: jisr user add", *data)
	}
	password := newPassword()
	if *pwFile != "" {
		if password, err = readSecret(env, *pwFile, ""); err != nil {
			return err
		}
	}
	if _, err := s.Agency(ctx, *code); err != nil {
		if err := e.CreateAgency(ctx, cli, &jisr.Agency{Code: *code, Country: *country, NameEN: *nameEN, NameAR: *nameAR}); err != nil {
			return describe(err)
		}
	}
	u := &jisr.User{Username: *admin, Agency: *code, Role: jisr.RoleAdmin, DisplayName: "Administrator"}
	if err := e.CreateUser(ctx, cli, u, password); err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "created agency %s and administrator %s\n", *code, u.Username)
	if *pwFile == "" {
		fmt.Fprintf(env.stdout, "user: %s password: %s agency: %s role: %s\n", u.Username, password, u.Agency, u.Role)
		fmt.Fprintln(env.stderr, "This password is shown once; change it with: jisr user reset")
	}
	fmt.Fprintln(env.stderr, "At the first sign-in (web interface) the administrator sets up two-step sign-in with an authenticator app.")
	return nil
}

// describe turns a domain error into a message for the command line.
func describe(err error) error {
	if f := jisr.ErrorField(err); f != "" {
		return fmt.Errorf("%s: %s", f, jisr.ErrorMessage(err))
	}
	if jisr.ErrorCode(err) != jisr.EINTERNAL {
		return fmt.Errorf("%s", jisr.ErrorMessage(err))
	}
	return err
}

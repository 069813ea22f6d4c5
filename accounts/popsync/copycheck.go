package popsync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// LeftOnServerFolder is where "Keep a permanent copy" puts the messages a
// POP server still holds that are not on this computer (deleted here
// earlier while the server kept its copy).
const LeftOnServerFolder = "Left on the server"

// CheckCopies compares every stored message of the account that the POP
// server still holds with the server's copy (a second RETR, against the
// SHA-256 and size of the stored bytes), for "Keep a permanent copy".
// Messages the server holds that are not here are first downloaded into
// the folder LeftOnServerFolder, then checked like the others. It never
// removes anything from the server (no DELE is sent). Messages already
// checked in the run are skipped; found is called with the results of
// every few messages, in order.
func (p *Engine) CheckCopies(ctx context.Context, acct accounts.Account, run localstore.CopyRun, found func([]accounts.Checked) error) (accounts.CheckPass, error) {
	var pass accounts.CheckPass
	st := acct.Settings
	login, err := signin.For(acct, secrets.Incoming, p.Secrets)
	if err != nil {
		return pass, err
	}
	c, err := dialPOP(ctx, p.Net, st.Incoming, login, st.TrustedCerts)
	if err != nil {
		return pass, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	srv, err := p.listServer(c)
	if err != nil {
		return pass, p.fail(st, err)
	}

	byKey, stored, rest, err := p.storedByKey(acct, run, srv)
	if err != nil {
		return pass, err
	}
	if len(rest) > 0 {
		if err := found(rest); err != nil {
			return pass, err
		}
	}
	// What the server holds and this computer does not: download it.
	if err := p.fetchLeft(acct, c, srv, stored, &pass); err != nil {
		return pass, err
	}
	fresh, err := p.leftOnServerItems(acct.ID, run)
	if err != nil {
		return pass, err
	}
	for k, it := range fresh {
		if _, ok := byKey[k]; !ok && !it.Checked {
			byKey[k] = it
		}
	}
	if err := p.compare(c, acct, srv, byKey, found); err != nil {
		return pass, err
	}
	if _, err := c.command("QUIT"); err != nil {
		return pass, p.fail(st, err)
	}
	return pass, nil
}

// storedByKey lists the account's stored messages the server still
// holds and that are not checked yet, by server key; every server key
// stored here (stored); and the others not checked yet, which are only
// here (rest).
func (p *Engine) storedByKey(acct accounts.Account, run localstore.CopyRun, srv serverList) (byKey map[string]localstore.CopyItem, stored map[string]bool, rest []accounts.Checked, err error) {
	folders, err := p.Store.Folders(acct.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	byKey, stored = map[string]localstore.CopyItem{}, map[string]bool{}
	for _, f := range folders {
		items, err := p.Store.CopyItems(f.ID, run)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, it := range items {
			if it.ServerKey != "" {
				stored[it.ServerKey] = true
			}
			_, listed := srv.byKey[it.ServerKey]
			switch {
			case it.ServerKey != "" && listed && !it.Checked:
				byKey[it.ServerKey] = it
			case it.ServerKey != "" && listed:
			case !it.Checked:
				rest = append(rest, accounts.Checked{MessageID: it.ID, Size: it.Size, Outcome: accounts.OnlyHere})
			}
		}
	}
	return byKey, stored, rest, nil
}

// compare downloads each message of byKey again (in the server's order)
// and compares it with the stored one, handing on every 50 results.
func (p *Engine) compare(c *popConn, acct accounts.Account, srv serverList, byKey map[string]localstore.CopyItem, found func([]accounts.Checked) error) error {
	var chunk []accounts.Checked
	for _, n := range srv.nums {
		it, ok := byKey[srv.keys[n]]
		if !ok {
			continue
		}
		raw, err := c.retrBounded(n, srv.sizes[n])
		if err != nil {
			return p.fail(acct.Settings, err)
		}
		sum := sha256.Sum256(raw)
		out := accounts.Checked{MessageID: it.ID, Size: it.Size, Outcome: accounts.Same}
		if int64(len(raw)) != it.Size || !bytes.Equal(sum[:], it.SHA256) {
			out.Outcome = accounts.Differs
		}
		chunk = append(chunk, out)
		if len(chunk) == 50 {
			if err := found(chunk); err != nil {
				return err
			}
			chunk = nil
		}
	}
	if len(chunk) > 0 {
		return found(chunk)
	}
	return nil
}

// fetchLeft downloads the messages the server has that are stored
// nowhere in the account (no key in stored) into LeftOnServerFolder.
func (p *Engine) fetchLeft(acct accounts.Account, c *popConn, srv serverList, stored map[string]bool, pass *accounts.CheckPass) error {
	var missing []int
	for _, n := range srv.nums {
		if !stored[srv.keys[n]] {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	f, err := p.Store.FolderByPath(acct.ID, LeftOnServerFolder)
	if errors.Is(err, localstore.ErrNotFound) {
		f, err = p.Store.CreateFolder(acct.ID, localstore.Folder{Name: LeftOnServerFolder, Path: LeftOnServerFolder})
	}
	if err != nil {
		return err
	}
	tooBig := 0
	for i, n := range missing {
		if srv.sizes[n] > maxPOPMessage {
			tooBig++
			continue
		}
		p.report(accounts.Event{AccountID: acct.ID, Text: tr.L("Downloading the messages still on the server: {{.Done}} of {{.Total}}…", tr.M{"Done": tr.Number(i + 1), "Total": tr.Number(len(missing))}), Done: i, Total: len(missing)})
		raw, err := c.retrBounded(n, srv.sizes[n])
		if err != nil {
			return p.fail(acct.Settings, err)
		}
		if _, err := p.Store.Add(f.ID, []localstore.NewMessage{{Raw: raw, ServerKey: srv.keys[n], Received: p.now()}}); err != nil {
			return err
		}
	}
	if tooBig > 0 {
		pass.Problems = append(pass.Problems, tr.N("{{.Count}} message on the server is larger than {{.Size}}, which Postie does not download: save it with webmail.",
			"{{.Count}} messages on the server are larger than {{.Size}}, which Postie does not download: save them with webmail.", tooBig, tr.M{"Size": tooBigSize()}))
	}
	return nil
}

// leftOnServerItems lists what LeftOnServerFolder holds, by server key.
func (p *Engine) leftOnServerItems(accountID int64, run localstore.CopyRun) (map[string]localstore.CopyItem, error) {
	out := map[string]localstore.CopyItem{}
	f, err := p.Store.FolderByPath(accountID, LeftOnServerFolder)
	if errors.Is(err, localstore.ErrNotFound) {
		return out, nil
	} else if err != nil {
		return nil, err
	}
	items, err := p.Store.CopyItems(f.ID, run)
	for _, it := range items {
		if it.ServerKey != "" {
			out[it.ServerKey] = it
		}
	}
	return out, err
}

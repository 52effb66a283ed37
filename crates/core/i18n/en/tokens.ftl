# Messages of the tokens module.

tokens-nothing-found = No backup tokens were found in the pasted text. Copy the list of tokens the site showed you and paste it again.
tokens-no-tokens = No backup tokens are stored for { $site }. Add the tokens { $site } gave you first, then try again.
tokens-none-left = All backup tokens for { $site } have been used. Generate new ones on { $site } and paste them here.
tokens-not-found = That backup token is not in the list for this site. Check it for typing mistakes, or add it with "Add tokens".
tokens-gone = That backup token is no longer in the list: another window or the command line changed it. Look at the list again and pick one.
sync-double-use = A backup token of { $site } may have been used twice, on { $devices }, while those computers were not in touch. If that login failed, use another token.
tokens-undo-replace-changed = The tokens changed after they were replaced (one was used or added elsewhere), so the old batch cannot be put back. Check the list, and add the old tokens again if you still need them.
tokens-left-out-unlike-others = shaped unlike the other tokens
tokens-left-out-not-token-like = has characters a token does not have, or is too short
tokens-left-out-heading = Left out, not added ({ $count }):
tokens-left-out-hint = If these are tokens too, add them anyway with: safekeep tokens add --keep-all { $query }
tokens-token-in-arguments = The backup token was given as a command-line argument: other programs on this computer can read it while the command runs, and your shell keeps it in its history. Next time leave it out: Safekeep then asks for it without showing it, or reads it from standard input.

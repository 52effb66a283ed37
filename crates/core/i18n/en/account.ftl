# Messages of the account module.
account-no-match = No account matches “{ $query }”. Check the name in the list of accounts, or add the account first.
account-ambiguous = “{ $query }” matches { $count } accounts: { $candidates }. Use a longer name, or “issuer:account”.
account-unnamed = An account needs a name: give the site, your account name at the site, or both.
account-duplicate = { $name } is already in your vault with the same secret, so it was not added again.
# Text longer than Safekeep keeps (crates/core/src/text.rs).
text-too-long-issuer = This site name is { $length } characters long; Safekeep keeps site names of up to { $limit } characters. Shorten it and try again.
text-too-long-label = This account name is { $length } characters long; Safekeep keeps account names of up to { $limit } characters. Shorten it and try again.
text-too-long-tag = This tag (group or folder) is { $length } characters long; Safekeep keeps tags of up to { $limit } characters. Shorten it in the other app and export again.
text-too-long-notes = These notes are { $length } characters long; Safekeep keeps notes of up to { $limit } characters. Shorten them, or keep the long text in a file of its own.

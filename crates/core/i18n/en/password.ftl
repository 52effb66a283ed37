# Messages of the password_strength module: why a new password is refused,
# and what the strength meter says under the field.
password-too-weak = This password is too easy to guess. { $reason } { $advice } Choose a stronger one: it is all that protects a copied vault or backup.
password-weakness-keyboard-row = Rows of keys, like “qwerty”, are easy to guess.
password-weakness-keyboard-pattern = Short keyboard patterns are easy to guess.
password-weakness-repeated-character = Repeated characters, like “aaa”, are easy to guess.
password-weakness-repeated-group = Repeats like “abcabc” are barely harder to guess than “abc”.
password-weakness-common = It is one of the most common passwords.
password-weakness-like-common = It is very like a common password.
password-weakness-sequence = Sequences like “abc” or “6543” are easy to guess.
password-weakness-recent-year = Recent years are easy to guess.
password-weakness-single-word = A single word is easy to guess.
password-weakness-date = Dates are easy to guess.
password-weakness-name = Names and surnames are easy to guess.
password-advice-few-words = Use a few uncommon words; symbols, digits and capitals are not needed.
password-advice-another-word = Add another word or two; uncommon words are better.
password-advice-capitals = Capitals and reversed words barely help.
password-advice-substitutions = Swaps like “@” for “a” barely help.
password-advice-keyboard = Use a longer keyboard pattern with more turns.
password-advice-repeats = Avoid repeated words and characters.
password-advice-sequences = Avoid sequences.
password-advice-dates = Avoid dates and years that have to do with you.

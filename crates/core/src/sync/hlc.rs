//! The hybrid logical clock that orders edits made on several computers.
//!
//! A stamp is the wall clock in milliseconds, a counter, and the id of the
//! device that made it; stamps compare in that order, so two stamps are
//! never equal across devices and every conflict has one winner.
//!
//! The rule, and why a skewed wall clock cannot win for ever: a device's
//! next stamp is always greater than every stamp it has made **or seen**
//! (in any device file it merged), whatever its own wall clock says. So an
//! edit made after seeing another edit always beats it. A clock that runs
//! ahead (an hour, a year) only wins against edits made *without* having
//! seen its edit (truly concurrent ones); the first time another device
//! reads the skewed device's file, its own clock moves past those stamps,
//! and each of its later edits wins. A clock that runs behind, or is set
//! back, never makes a device's new stamp smaller than its last one.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which computer made a stamp or writes a device file: 64 random bits,
/// written as 16 hex digits in file names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(u64);

impl DeviceId {
    /// A new random device id, from the OS generator.
    pub fn random() -> DeviceId {
        DeviceId(rand::random())
    }

    /// The id as its 16 hex digits, as device file names carry it.
    pub fn to_hex(self) -> String {
        format!("{:016x}", self.0)
    }

    /// Reads an id written by [`DeviceId::to_hex`]; `None` for anything else.
    pub fn from_hex(text: &str) -> Option<DeviceId> {
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u64::from_str_radix(text, 16).ok().map(DeviceId)
    }
}

impl From<u64> for DeviceId {
    fn from(value: u64) -> Self {
        DeviceId(value)
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// One moment on the hybrid logical clock (see the module documentation).
/// Ordered by wall time, then counter, then device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch, as the clock of the device that
    /// made the stamp (or a stamp it had seen) said.
    pub millis: u64,
    /// Orders stamps made within one millisecond.
    pub counter: u32,
    /// The device that made the stamp: the tiebreak between devices.
    pub device: DeviceId,
}

/// Written as `[millis, counter, device]`: three numbers, small in the file
/// and quick to read back, as there is one per field and per token.
impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.millis, self.counter, self.device).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (millis, counter, device) = <(u64, u32, DeviceId)>::deserialize(deserializer)?;
        Ok(Hlc {
            millis,
            counter,
            device,
        })
    }
}

/// One device's clock: the greatest wall time and counter it has made or
/// seen, and its own id for the stamps it makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    device: DeviceId,
    millis: u64,
    counter: u32,
}

impl Clock {
    /// A clock for `device` that has seen nothing yet.
    pub fn new(device: DeviceId) -> Clock {
        Clock {
            device,
            millis: 0,
            counter: 0,
        }
    }

    /// The device this clock stamps for.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// A new stamp for an edit made now (`wall_millis`, this computer's
    /// clock): greater than every stamp made or observed before.
    pub fn tick(&mut self, wall_millis: u64) -> Hlc {
        if wall_millis > self.millis {
            self.millis = wall_millis;
            self.counter = 0;
        } else if self.counter == u32::MAX {
            // A counter cannot wrap back: move on by one millisecond instead.
            self.millis += 1;
            self.counter = 0;
        } else {
            self.counter += 1;
        }
        Hlc {
            millis: self.millis,
            counter: self.counter,
            device: self.device,
        }
    }

    /// Takes note of a stamp seen in another device's file, so every later
    /// [`Clock::tick`] is greater than it.
    pub fn observe(&mut self, seen: Hlc) {
        if (seen.millis, seen.counter) > (self.millis, self.counter) {
            self.millis = seen.millis;
            self.counter = seen.counter;
        }
    }
}

/// The wall clock in milliseconds since the Unix epoch; 0 for a clock set
/// before 1970.
pub fn wall_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: DeviceId = DeviceId(1);
    const B: DeviceId = DeviceId(2);

    #[test]
    fn stamps_only_go_up_even_when_the_wall_clock_goes_back() {
        let mut clock = Clock::new(A);
        let first = clock.tick(1_000);
        let second = clock.tick(1_000);
        let third = clock.tick(500);
        assert!(first < second && second < third);
        assert_eq!(third.millis, 1_000);
    }

    #[test]
    fn an_edit_after_seeing_a_clock_an_hour_ahead_still_wins() {
        let hour = 3_600_000;
        let mut ahead = Clock::new(A);
        let mut behind = Clock::new(B);
        let skewed = ahead.tick(10_000 + hour);
        // B, with the right time, reads A's file and then edits.
        behind.observe(skewed);
        let later = behind.tick(20_000);
        assert!(later > skewed, "the later edit lost to a skewed clock");
        // Without having seen it, the skewed stamp wins: that is concurrency.
        let unseen = Clock::new(B).tick(20_000);
        assert!(unseen < skewed);
    }

    #[test]
    fn two_devices_never_make_equal_stamps() {
        let a = Clock::new(A).tick(5);
        let b = Clock::new(B).tick(5);
        assert_ne!(a, b);
        assert!(a < b, "same moment: the device id breaks the tie");
    }

    #[test]
    fn a_full_counter_moves_the_time_on() {
        let mut clock = Clock::new(A);
        clock.observe(Hlc {
            millis: 7,
            counter: u32::MAX,
            device: B,
        });
        let next = clock.tick(7);
        assert_eq!((next.millis, next.counter), (8, 0));
    }

    #[test]
    fn ids_and_stamps_read_back_as_written() {
        let id = DeviceId(0x00ab_cdef_0123_4567);
        assert_eq!(id.to_hex(), "00abcdef01234567");
        assert_eq!(DeviceId::from_hex(&id.to_hex()), Some(id));
        assert_eq!(DeviceId::from_hex("xyz"), None);
        assert_eq!(DeviceId::from_hex("00abcdef0123456g"), None);
        let stamp = Clock::new(id).tick(42);
        let json = serde_json::to_string(&stamp).unwrap();
        assert_eq!(json, format!("[42,0,{}]", id.0));
        assert_eq!(serde_json::from_str::<Hlc>(&json).unwrap(), stamp);
    }
}

//! The wire messages of the Yjs sync and awareness protocol (`yrs::sync`), one message per
//! WebSocket binary frame as `y-websocket` sends them: sync step 1 (a state vector), sync step 2
//! and update (binary updates), awareness. Decoding checks the size limit first and refuses
//! anything malformed as a whole, so nothing half-read reaches the board.

use yrs::StateVector;
use yrs::sync::{AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;

use super::LiveError;

/// The largest message accepted by default: a 100k-sticky board's first sync fits easily.
pub const MAX_MESSAGE: usize = 64 << 20;

/// Decodes one message; over `limit` bytes, empty, malformed or with bytes left over is an
/// error, never a panic.
pub fn decode(bytes: &[u8], limit: usize) -> Result<Message, LiveError> {
    if bytes.len() > limit {
        return Err(LiveError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let decoded = std::panic::catch_unwind(|| Message::decode_v1(bytes));
    match decoded {
        Ok(Ok(Message::Custom(tag, _))) => {
            Err(LiveError::Malformed(format!("unknown message type {tag}")))
        }
        Ok(Ok(message)) => Ok(message),
        Ok(Err(e)) => Err(LiveError::Malformed(e.to_string())),
        Err(_) => Err(LiveError::Malformed("undecodable message".into())),
    }
}

/// The bytes of one message.
pub fn encode(message: &Message) -> Vec<u8> {
    message.encode_v1()
}

/// Sync step 1: "here is what I have".
pub fn step1(sv: StateVector) -> Vec<u8> {
    encode(&Message::Sync(SyncMessage::SyncStep1(sv)))
}

/// Sync step 2: "here is what you were missing".
pub fn step2(update: Vec<u8>) -> Vec<u8> {
    encode(&Message::Sync(SyncMessage::SyncStep2(update)))
}

/// An incremental update.
pub fn update(update: Vec<u8>) -> Vec<u8> {
    encode(&Message::Sync(SyncMessage::Update(update)))
}

/// Awareness states (presence).
pub fn awareness(update: AwarenessUpdate) -> Vec<u8> {
    encode(&Message::Awareness(update))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_oversized_messages_are_refused_not_crashed_on() {
        for bytes in [
            &[][..],
            &[0],
            &[0, 9],
            &[0, 1, 200, 1],
            &[1, 255, 255, 255, 255, 15],
            &[7, 1, 2],
        ] {
            assert!(decode(bytes, MAX_MESSAGE).is_err(), "{bytes:?}");
        }
        let big = update(vec![0; 100]);
        assert!(matches!(decode(&big, 10), Err(LiveError::TooLarge { .. })));
        assert!(decode(&big, MAX_MESSAGE).is_ok());
    }
}

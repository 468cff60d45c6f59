package org.madoguchi.simulator.card;

import java.util.Optional;

/** SELECT, READ BINARY and READ RECORD (docs/card.md §§1, 4, 8). Called with the card's lock held. */
final class FileCommands {
    private final CardSpec spec;
    private final CardSession session;

    FileCommands(CardSpec spec, CardSession session) {
        this.spec = spec;
        this.session = session;
    }

    byte[] select(CommandApdu c) {
        if (c.p2() != 0x0C && c.p2() != 0x00) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        return switch (c.p1()) {
            case 0x04 -> selectDf(c.data());
            case 0x02 -> selectEf(c.data());
            case 0x00 -> selectMf(c);
            default -> StatusWords.sw(StatusWords.INCORRECT_P1P2);
        };
    }

    private byte[] selectDf(byte[] aid) {
        if (aid.length == 0 || aid.length > 16) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        Optional<DedicatedFile> df = spec.application(aid); // full AID only; no partial names
        if (df.isEmpty()) {
            return StatusWords.sw(StatusWords.FILE_NOT_FOUND);
        }
        session.enter(df.get());
        return StatusWords.sw(StatusWords.OK);
    }

    private byte[] selectEf(byte[] fid) {
        if (fid.length != 2) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        Optional<ElementaryFile> ef = session.currentDf == null ? Optional.empty()
                : session.currentDf.file(((fid[0] & 0xFF) << 8) | (fid[1] & 0xFF));
        if (ef.isEmpty()) {
            return StatusWords.sw(StatusWords.FILE_NOT_FOUND);
        }
        session.currentEf = ef.get();
        return StatusWords.sw(StatusWords.OK);
    }

    /** ISO SELECT MF: {@code 6A 86} with no DF selected, {@code 90 00} (no change) inside one. */
    private byte[] selectMf(CommandApdu c) {
        if (c.hasData()) {
            return StatusWords.sw(StatusWords.FILE_NOT_FOUND); // e.g. FID 3F00
        }
        return StatusWords.sw(session.currentDf == null ? StatusWords.INCORRECT_P1P2 : StatusWords.OK);
    }

    byte[] readBinary(CommandApdu c) {
        if (c.hasData() || !c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        int offset;
        if ((c.p1() & 0x80) != 0) {
            // Short EF form: select by SFI and read with an 8-bit offset.
            if ((c.p1() & 0x60) != 0) {
                return StatusWords.sw(StatusWords.INCORRECT_P1P2);
            }
            Optional<ElementaryFile> ef = session.currentDf == null ? Optional.empty()
                    : session.currentDf.fileBySfi(c.p1() & 0x1F);
            if (ef.isEmpty()) {
                return StatusWords.sw(StatusWords.FILE_NOT_FOUND);
            }
            session.currentEf = ef.get();
            offset = c.p2();
        } else {
            offset = (c.p1() << 8) | c.p2();
        }
        if (session.currentEf == null) {
            return StatusWords.sw(StatusWords.NO_CURRENT_EF);
        }
        if (!(session.currentEf instanceof ElementaryFile.Binary file)) {
            return StatusWords.sw(StatusWords.INCOMPATIBLE_FILE);
        }
        if (!session.readable(file.access())) {
            return StatusWords.sw(StatusWords.SECURITY_NOT_SATISFIED);
        }
        byte[] content = file.bytes();
        if (offset >= content.length) {
            return StatusWords.sw(StatusWords.OFFSET_OUTSIDE_EF);
        }
        int n = Math.min(c.ne(), content.length - offset);
        return StatusWords.withData(content, offset, n, StatusWords.OK);
    }

    /**
     * {@code 00 B2 <record> 04 Le} reads a record of the current EF; {@code P2 = SFI << 3 | 4} selects
     * the EF by its short identifier first.
     */
    byte[] readRecord(CommandApdu c) {
        if (c.hasData() || !c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        if ((c.p2() & 0x07) != 0x04 || c.p1() == 0) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        int sfi = c.p2() >> 3;
        if (sfi != 0) {
            Optional<ElementaryFile> ef = session.currentDf == null ? Optional.empty()
                    : session.currentDf.fileBySfi(sfi);
            if (ef.isEmpty()) {
                return StatusWords.sw(StatusWords.FILE_NOT_FOUND);
            }
            session.currentEf = ef.get();
        }
        if (session.currentEf == null) {
            return StatusWords.sw(StatusWords.NO_CURRENT_EF);
        }
        if (!(session.currentEf instanceof ElementaryFile.Records file)) {
            return StatusWords.sw(StatusWords.INCOMPATIBLE_FILE);
        }
        if (!session.readable(file.access())) {
            return StatusWords.sw(StatusWords.SECURITY_NOT_SATISFIED);
        }
        Optional<byte[]> record = file.record(c.p1());
        if (record.isEmpty()) {
            return StatusWords.sw(StatusWords.RECORD_NOT_FOUND);
        }
        byte[] r = record.get();
        return StatusWords.withData(r, 0, Math.min(c.ne(), r.length), StatusWords.OK);
    }
}

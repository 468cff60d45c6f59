package org.madoguchi.simulator.card;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.madoguchi.driver.apdu.Hex;

/**
 * An application (DF) selected by its full AID, with its elementary files.
 *
 * @param name  a short name for logs and credential identifiers, e.g. {@code jpki}
 * @param aid   the application identifier
 * @param files the EFs by FID
 */
public record DedicatedFile(String name, byte[] aid, Map<Integer, ElementaryFile> files) {

    public DedicatedFile {
        aid = aid.clone();
        files = Map.copyOf(files);
    }

    public static DedicatedFile of(String name, byte[] aid, List<ElementaryFile> files) {
        Map<Integer, ElementaryFile> map = new LinkedHashMap<>();
        for (ElementaryFile f : files) {
            if (map.put(f.fid(), f) != null) {
                throw new IllegalArgumentException(String.format("duplicate FID %04X in %s", f.fid(), name));
            }
        }
        return new DedicatedFile(name, aid, map);
    }

    @Override
    public byte[] aid() {
        return aid.clone();
    }

    public boolean hasAid(byte[] candidate) {
        return Arrays.equals(aid, candidate);
    }

    public Optional<ElementaryFile> file(int fid) {
        return Optional.ofNullable(files.get(fid));
    }

    /** The EF a short EF identifier (SFI, 1–30) names: the one whose FID is that number. */
    public Optional<ElementaryFile> fileBySfi(int sfi) {
        return sfi < 1 || sfi > 30 ? Optional.empty() : file(sfi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DedicatedFile d && d.name.equals(name) && Arrays.equals(d.aid, aid);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(aid);
    }

    @Override
    public String toString() {
        return "DedicatedFile[" + name + " " + Hex.of(aid) + ", " + files.size() + " EFs]";
    }
}

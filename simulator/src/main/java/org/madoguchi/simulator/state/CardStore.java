package org.madoguchi.simulator.state;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.madoguchi.simulator.card.CardState;
import org.madoguchi.simulator.card.Profile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link CardState} per profile name: one card per profile, so inserting a profile again is
 * putting the same card back, with the counters it had. In memory, or in a state directory
 * ({@code <dir>/cards/<profile>.properties}) written after every change, so a card locked yesterday
 * is locked today and a new simulation on the same directory sees the same counters.
 *
 * <p>The file holds each credential's tries left, and its secret only if it was changed (CHANGE
 * REFERENCE DATA) from the profile's. One process per state directory: two processes writing the
 * same profile's file overwrite each other. Thread-safe.
 */
public final class CardStore {
    public static final String CARDS = "cards";
    private static final Logger log = LoggerFactory.getLogger(CardStore.class);
    private static final String SUFFIX = ".properties";

    private final Optional<Path> directory;
    private final Map<String, CardState> states = new HashMap<>();

    private CardStore(Optional<Path> directory) {
        this.directory = directory;
    }

    /** A store that forgets everything when the JVM ends. */
    public static CardStore inMemory() {
        return new CardStore(Optional.empty());
    }

    /** A store that saves into {@code dir} (created when the first card changes). */
    public static CardStore inDirectory(Path dir) {
        return new CardStore(Optional.of(dir.toAbsolutePath()));
    }

    public static CardStore of(Optional<Path> dir) {
        return dir.map(CardStore::inDirectory).orElseGet(CardStore::inMemory);
    }

    public Optional<Path> directory() {
        return directory;
    }

    /** The card state of the profile: the one already in use, else the saved one, else as issued. */
    public synchronized CardState state(Profile profile) {
        CardState s = states.get(profile.name());
        if (s == null) {
            s = profile.initialState();
            load(profile.name(), s);
            String name = profile.name();
            s.onChange(changed -> save(name, changed));
            states.put(name, s);
        }
        return s;
    }

    /** Puts the profile's card back as issued and deletes its file. */
    public synchronized void reset(String profile) {
        CardState s = states.get(profile);
        if (s != null) {
            s.onChange(changed -> {
            });
            s.reset();
            s.onChange(changed -> save(profile, changed));
        }
        directory.ifPresent(d -> delete(file(d, profile)));
    }

    /** Resets every card: those in use and every saved file. */
    public synchronized void resetAll() {
        for (String profile : states.keySet()) {
            reset(profile);
        }
        directory.ifPresent(d -> {
            Path cards = d.resolve(CARDS);
            if (!Files.isDirectory(cards)) {
                return;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(cards, "*" + SUFFIX)) {
                for (Path f : files) {
                    delete(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Whether a saved file exists for the profile. */
    public boolean saved(String profile) {
        return directory.map(d -> Files.exists(file(d, profile))).orElse(false);
    }

    static Path file(Path dir, String profile) {
        return dir.resolve(CARDS).resolve(profile + SUFFIX);
    }

    private void load(String profile, CardState s) {
        if (directory.isEmpty()) {
            return;
        }
        Path f = file(directory.get(), profile);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | IllegalArgumentException e) {
            log.warn("カード状態ファイルを読めません。発行時の状態を使います / cannot read card state {}: {}; using the "
                    + "state as issued", f, e.getMessage());
            return;
        }
        for (String id : s.ids()) {
            String left = p.getProperty(id + ".left");
            if (left == null) {
                continue;
            }
            String secret = p.getProperty(id + ".secret");
            try {
                s.load(id, Integer.parseInt(left.strip()), secret == null ? null : HexFormat.of().parseHex(secret));
            } catch (IllegalArgumentException e) {
                log.warn("カード状態ファイルの {} を無視します / ignoring a bad entry for {} in {}", id, id, f);
            }
        }
    }

    /** Writes the profile's file atomically (temporary file, then rename). Called under the state's lock. */
    private void save(String profile, CardState s) {
        if (directory.isEmpty()) {
            return;
        }
        Path f = file(directory.get(), profile);
        StringBuilder text = new StringBuilder();
        text.append("# madoguchi simulator: card state of profile ").append(profile).append('\n');
        text.append("# <credential>.left = tries left; <credential>.secret = a changed secret (hex)\n");
        for (CardState.CredentialSnapshot c : s.snapshot()) {
            text.append(c.id()).append(".left=").append(c.triesLeft()).append('\n');
            if (s.secretChanged(c.id())) {
                text.append(c.id()).append(".secret=").append(HexFormat.of().formatHex(c.secret())).append('\n');
            }
        }
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), "." + profile, ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(text.toString());
            }
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.error("カード状態を保存できません / cannot save card state to {}", f, e);
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "CardStore[" + directory.map(Path::toString).orElse("memory") + "]";
    }
}

package org.madoguchi.simulator;

import java.nio.file.Path;

import org.madoguchi.simulator.state.CardStore;
import org.madoguchi.simulator.state.StateDirs;

import picocli.CommandLine.Option;

/** {@code --state-dir DIR} and {@code --no-state}, shared by the commands that insert cards. */
final class StateDirOption {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "カード状態 (残り回数など) の保存先 (既定 $XDG_STATE_HOME または ~/.local/state の "
                    + "madoguchi-simulator) / where card state (retry counters) is kept (default "
                    + "madoguchi-simulator under $XDG_STATE_HOME or ~/.local/state)")
    Path stateDir;

    @Option(names = "--no-state", description = "カード状態を保存しない (メモリのみ) / keep card state in memory only")
    boolean noState;

    Path dir() {
        return stateDir != null ? stateDir : StateDirs.defaultDir();
    }

    CardStore store() {
        return noState ? CardStore.inMemory() : CardStore.inDirectory(dir());
    }
}

package org.madoguchi.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.madoguchi.simulator.timeline.Timeline;
import org.madoguchi.simulator.timeline.TimelinePlayer;
import org.madoguchi.simulator.timeline.VpcdSlots;
import org.madoguchi.simulator.vpcd.VpcdCard;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simulator play FILE}: insert, wait and remove cards on vpcd slots as a timeline says. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"タイムライン (insert PROFILE [SLOT] / wait MS / remove [SLOT]) の通りに vpcd のスロットへ "
                + "カードを出し入れします / Plays a timeline (insert PROFILE [SLOT], wait MS, remove [SLOT]) onto "
                + "pcscd's vpcd slots"})
final class PlayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "タイムラインのファイル / the timeline file")
    private Path file;

    @Option(names = "--port", defaultValue = "35963", paramLabel = "P",
            description = "vpcd の基準ポート。スロット N は P + N (既定 ${DEFAULT-VALUE}) / vpcd base port; slot N is "
                    + "P + N (default ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--host", defaultValue = VpcdCard.DEFAULT_HOST, paramLabel = "H",
            description = "pcscd (vpcd) のホスト (既定 ${DEFAULT-VALUE}) / host running pcscd with vpcd")
    private String host;

    @Mixin
    private StateDirOption state;

    @Override
    public Integer call() throws Exception {
        Timeline timeline;
        try {
            timeline = Timeline.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            spec.commandLine().getErr().printf("ファイルを読めません / cannot read %s: %s%n", file, e.getMessage());
            return 2;
        } catch (Timeline.ParseException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (port < 1 || port + Timeline.MAX_SLOT > 65535) {
            spec.commandLine().getErr().println("ポートが範囲外です / port out of range");
            return 2;
        }
        new TimelinePlayer(new VpcdSlots(host, port, state.store()), spec.commandLine().getOut()).play(timeline);
        return 0;
    }
}

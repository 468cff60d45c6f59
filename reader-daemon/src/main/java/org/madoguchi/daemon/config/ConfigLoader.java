package org.madoguchi.daemon.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads {@link DaemonConfig} from YAML, turning every problem into a message an operator can act on. */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ConfigLoader() {
    }

    public static DaemonConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("設定ファイルがありません / Configuration file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("設定ファイルを読めません / Cannot read configuration file: " + file
                    + " (" + e.getMessage() + ")", e);
        }
        DaemonConfig config;
        try {
            config = parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " [" + file + "]", e.getCause());
        }
        if (!config.clients().isEmpty()) {
            warnIfOthersCanRead(file);
        }
        return config;
    }

    /** Tokens are secrets: a configuration file that other users of the PC can read gives them away. */
    private static void warnIfOthersCanRead(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    && Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("設定ファイル {} はほかのユーザーも読めます。トークンが漏れないよう chmod 600 にしてください"
                        + " / The configuration file {} is readable by other users; its tokens are secrets (chmod 600)",
                        file, file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the permissions cannot be read: nothing to warn about
        }
    }

    /** Parses YAML text; an empty document gives the defaults. */
    public static DaemonConfig parse(String yaml) throws ConfigException {
        if (yaml.isBlank()) {
            return DaemonConfig.defaults();
        }
        try {
            DaemonConfig config = YAML.readValue(yaml, DaemonConfig.class);
            return config == null ? DaemonConfig.defaults() : config;
        } catch (UnrecognizedPropertyException e) {
            String key = path(e);
            String known = known(e.getKnownPropertyIds());
            throw new ConfigException("設定ファイルに不明なキー「" + key + "」があります(使えるキー: " + known + ")"
                    + " / Unknown key '" + key + "' in the configuration file (known keys: " + known + ")", e);
        } catch (JsonMappingException e) {
            String key = path(e);
            Throwable root = rootCause(e);
            if (root instanceof JsonParseException p && duplicateKey(p)) {
                throw duplicate(p);
            }
            if (root instanceof IllegalArgumentException) {
                throw new ConfigException(root.getMessage(), e);
            }
            throw new ConfigException("設定ファイルの「" + key + "」の値が正しくありません / Invalid value for '" + key
                    + "' in the configuration file: " + e.getOriginalMessage(), e);
        } catch (JsonParseException e) {
            if (duplicateKey(e)) {
                throw duplicate(e);
            }
            throw new ConfigException("設定ファイルが YAML として読めません / The configuration file is not valid YAML: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("設定ファイルが YAML として読めません / The configuration file is not valid YAML: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static boolean duplicateKey(JsonParseException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
    }

    /** A key written twice: YAML would let the second replace the first without a word. */
    private static ConfigException duplicate(JsonParseException e) {
        String key = e.getOriginalMessage().replaceFirst("^Duplicate field '([^']*)'.*$", "$1");
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return new ConfigException("設定ファイルでキー「" + key + "」が二度書かれています(" + line + " 行目)。一つにまとめてください"
                + " / The key '" + key + "' appears twice in the configuration file (line " + line
                + "); the second would silently replace the first, so write it once", e);
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.replace(".[", "[").isEmpty() ? "(top level)" : p.replace(".[", "[");
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null && cur.getCause() != cur) {
            cur = cur.getCause();
        }
        return cur;
    }
}

package org.madoguchi.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

/**
 * The protocol's JSON Schemas, {@code docs/schema/*.json} (copied to the test classpath under
 * {@code docs/schema/} by the build), loaded offline: their {@code $id} prefix
 * {@value #BASE} is mapped to that classpath folder, and nothing is ever fetched from the network.
 * Format assertions ({@code date-time}) are on.
 */
final class ProtocolSchemas {
    /** The {@code $id} of every schema file is this and its file name. */
    static final String BASE = "https://madoguchi.example/schema/v1/";
    /** Where the build puts the schema files on the test classpath. */
    static final String CLASSPATH = "docs/schema/";

    private static final ProtocolSchemas INSTANCE = new ProtocolSchemas();

    private final Map<String, JsonNode> files;
    private final Schema client;
    private final Schema server;

    private ProtocolSchemas() {
        files = readFiles();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b
                .schemaRegistryConfig(config)
                .schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:" + CLASSPATH))
                // Only the schema files: never a fetch (the meta-schemas come with the validator).
                .schemaLoader(l -> l.fetchRemoteResources(false)));
        client = registry.getSchema(SchemaLocation.of(BASE + "client.json"));
        server = registry.getSchema(SchemaLocation.of(BASE + "server.json"));
        client.initializeValidators();
        server.initializeValidators();
    }

    static ProtocolSchemas get() {
        return INSTANCE;
    }

    /** Where a daemon → client message breaks {@code server.json}; empty when it matches. */
    List<String> serverViolations(JsonNode message) {
        return describe(server.validate(message));
    }

    /** Where a client → daemon message breaks {@code client.json}; empty when it matches. */
    List<String> clientViolations(JsonNode message) {
        return describe(client.validate(message));
    }

    /** Every schema file, by file name, as parsed JSON. */
    Map<String, JsonNode> files() {
        return files;
    }

    /** One schema file ({@code defs.json}, …). */
    JsonNode file(String name) {
        JsonNode f = files.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no schema file " + name + " in " + files.keySet());
        }
        return f;
    }

    /** The values of an {@code enum} at a JSON pointer of a schema file, e.g. {@code defs.json}, {@code /$defs/reason}. */
    List<String> enumAt(String file, String pointer) {
        JsonNode e = file(file).at(pointer).path("enum");
        if (!e.isArray()) {
            throw new IllegalArgumentException("no enum at " + file + "#" + pointer);
        }
        return Stream.of(e).flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false))
                .map(JsonNode::asText).toList();
    }

    private static List<String> describe(List<Error> errors) {
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()
                + " (" + e.getSchemaLocation() + ")").toList();
    }

    private static Map<String, JsonNode> readFiles() {
        Map<String, JsonNode> files = new TreeMap<>();
        var url = ProtocolSchemas.class.getClassLoader().getResource(CLASSPATH);
        if (url == null) {
            throw new IllegalStateException(CLASSPATH + " is not on the test classpath (reader-daemon/pom.xml copies"
                    + " docs/schema there)");
        }
        try (Stream<Path> list = Files.list(Path.of(url.toURI()))) {
            for (Path p : list.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    files.put(p.getFileName().toString(), WsTestClient.JSON.readTree(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return java.util.Collections.unmodifiableMap(files);
    }
}

package org.madoguchi.daemon.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.madoguchi.daemon.session.Text;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** The daemon's HTTP responses: one set of headers, and one shape of JSON problem body. */
final class HttpResponses {
    static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpResponses() {
    }

    /** {@code {"code": …, "message": {"ja": …, "en": …}}}, the body of every refusal and error. */
    static byte[] problem(String code, String ja, String en) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", new Text(ja, en));
        try {
            return MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a code and a text are always JSON", e);
        }
    }

    /**
     * A response never cached and never content-sniffed. {@code Content-Length} is the body's length
     * even when {@code withBody} is false (a {@code HEAD} request).
     */
    static FullHttpResponse of(HttpResponseStatus status, byte[] body, String contentType, boolean withBody) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                withBody ? Unpooled.wrappedBuffer(body) : Unpooled.EMPTY_BUFFER);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }
}

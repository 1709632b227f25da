package org.rocmon.collector.internal.resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.http.HttpIo;
import org.rocmon.json.RocmonJson;

/** Drives {@link ResourceApi} as {@link ResourceServlet} does, with the body read by the front door's reader. */
final class Requests {

    static final ObjectMapper MAPPER = RocmonJson.mapper();

    private Requests() {
    }

    static ApiResponse handle(ResourceApi api, String method, String path, String contentType, long length,
            InputStream body) {
        return handle(api, method, path, null, contentType, length, body);
    }

    static ApiResponse handle(ResourceApi api, String method, String path, String action, String contentType,
            long length, InputStream body) {
        HttpServletRequest req = request(method, contentType, length,
                body == null ? new ByteArrayInputStream(new byte[0]) : body);
        return api.handle(method, path, action, () -> HttpIo.jsonObject(req, "a collector description"));
    }

    static HttpServletRequest request(String method, String contentType, long length, InputStream in) {
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public int read() {
                try {
                    return in.read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                try {
                    return in.available() == 0;
                } catch (IOException e) {
                    return true;
                }
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "getContentType":
                            return contentType;
                        case "getContentLengthLong":
                            return length;
                        case "getInputStream":
                            return sin;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }
}

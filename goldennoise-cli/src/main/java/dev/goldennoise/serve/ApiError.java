package dev.goldennoise.serve;

/**
 * A request the service will not serve, with the HTTP status and the one line the client gets back as
 * {@code {"error": "..."}}: never a stack trace.
 */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public int status() {
        return status;
    }
}

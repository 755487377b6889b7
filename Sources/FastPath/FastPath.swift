// FastPath: SIMD Float implementation (issue 4).
